// Evaluation-leak check: no evaluation item may appear in any corpus. Each eval string is
// normalised to lower-case word tokens; a string of at most N words (default 13) leaks if it occurs
// as a whole word sequence in a document, a longer one leaks if ANY of its N-word windows does
// (the GPT-3 paper's 13-gram contamination test). Rolling 32-bit hashes find candidates fast;
// every candidate is confirmed by comparing the words, so hash collisions never report a leak.
// Pure (no node: imports). Callers pass e.g. each item's context + question joined by a space.

export const LEAK_NGRAM = 13;

export interface Leak {
  evalIndex: number;
  docIndex: number;
  /** The leaked word sequence (normalised). */
  words: string;
}

export function leakTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) {
    h ^= w.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

const BASE = 0x01000193;

/** Polynomial hash of hs[from..from+len) (mod 2^32). */
function seqHash(hs: readonly number[], from: number, len: number): number {
  let h = 0;
  for (let i = 0; i < len; i++) h = (Math.imul(h, BASE) + hs[from + i]) >>> 0;
  return h;
}

function power(len: number): number {
  let p = 1;
  for (let i = 1; i < len; i++) p = Math.imul(p, BASE) >>> 0;
  return p;
}

/** All leaks of `evalTexts` in `docs` (empty when clean). Stops after `limit` leaks. */
export function findEvalLeaks(
  docs: readonly string[],
  evalTexts: readonly string[],
  options: { ngram?: number; limit?: number } = {},
): Leak[] {
  const n = options.ngram ?? LEAK_NGRAM;
  const limit = options.limit ?? 100;
  // length → hash → candidates (eval index + the words)
  const targets = new Map<number, Map<number, { evalIndex: number; words: string }[]>>();
  evalTexts.forEach((text, evalIndex) => {
    const toks = leakTokens(text);
    if (toks.length === 0) return;
    const len = Math.min(n, toks.length);
    const hs = toks.map(wordHash);
    let byHash = targets.get(len);
    if (byHash === undefined) targets.set(len, (byHash = new Map()));
    for (let i = 0; i + len <= toks.length; i++) {
      const h = seqHash(hs, i, len);
      const list = byHash.get(h) ?? [];
      list.push({ evalIndex, words: toks.slice(i, i + len).join(' ') });
      byHash.set(h, list);
    }
  });
  const leaks: Leak[] = [];
  if (targets.size === 0) return leaks;
  const found = new Set<string>();
  for (let docIndex = 0; docIndex < docs.length && leaks.length < limit; docIndex++) {
    const toks = leakTokens(docs[docIndex]);
    const hs = toks.map(wordHash);
    for (const [len, byHash] of targets) {
      if (toks.length < len) continue;
      const top = power(len);
      let h = seqHash(hs, 0, len);
      for (let i = 0; ; i++) {
        const cands = byHash.get(h);
        if (cands !== undefined) {
          const words = toks.slice(i, i + len).join(' ');
          for (const c of cands) {
            const key = `${c.evalIndex}:${docIndex}`;
            if (c.words === words && !found.has(key)) {
              found.add(key);
              leaks.push({ evalIndex: c.evalIndex, docIndex, words });
            }
          }
        }
        if (i + len >= toks.length) break;
        h = (Math.imul((h - Math.imul(hs[i], top)) >>> 0, BASE) + hs[i + len]) >>> 0;
      }
    }
  }
  return leaks;
}

/** Throws, naming the first leaks, if any eval text occurs in any document. */
export function assertNoEvalLeak(
  docs: readonly string[],
  evalTexts: readonly string[],
  options: { ngram?: number; label?: string } = {},
): void {
  const leaks = findEvalLeaks(docs, evalTexts, { ngram: options.ngram, limit: 10 });
  if (leaks.length === 0) return;
  const shown = leaks
    .slice(0, 5)
    .map((l) => `eval item #${l.evalIndex} in document #${l.docIndex}: "${l.words}"`)
    .join('\n  ');
  throw new Error(
    `Evaluation items leak into the corpus${options.label ? ` ${options.label}` : ''}:\n  ${shown}`,
  );
}

/** Whole-word, case-insensitive occurrences of any ASCII `words` (also with -s/-es) in docs: [word, docIndex]. */
export function findWords(docs: readonly string[], words: readonly string[]): [string, number][] {
  const set = new Set(words.map((w) => w.toLowerCase()));
  const hits: [string, number][] = [];
  docs.forEach((doc, i) => {
    for (const t of doc.toLowerCase().match(/[a-z]+/g) ?? []) {
      const base = [t, t.replace(/s$/, ''), t.replace(/es$/, '')].find((x) => set.has(x));
      if (base !== undefined) hits.push([base, i]);
    }
  });
  return hits;
}
