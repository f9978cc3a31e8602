// Duplicate removal across and within sources, in two passes over documents in build order
// (the first occurrence wins):
//  1. exact: the same text after lower-casing and collapsing whitespace;
//  2. near: Jaccard similarity >= 0.9 of word 5-gram shingle sets, found with MinHash (96 hashes)
//     + LSH (12 bands of 8 rows: a pair at J=0.9 becomes a candidate with p≈0.999, at J=0.5 with
//     p≈0.05) and confirmed by the EXACT Jaccard of the two shingle sets, so there are no false
//     removals. Documents with fewer than MIN_NEAR_TOKENS word tokens only get the exact pass:
//     one changed word in a 10-word definition is a different definition, not a near copy.
// Pure (no node: imports), so the browser's "your own data" path could reuse it.

export interface DedupeDoc {
  source: string;
  text: string;
}

export interface Removal {
  index: number;
  reason: 'exact' | 'near';
  /** Index of the kept document it duplicates. */
  of: number;
  jaccard: number;
}

export interface DedupeResult {
  keep: boolean[];
  removals: Removal[];
}

export interface DedupeOptions {
  threshold?: number;
  shingle?: number;
  bands?: number;
  rows?: number;
  minNearTokens?: number;
}

export const NEAR_THRESHOLD = 0.9;
export const MIN_NEAR_TOKENS = 30;

/** Lower case, whitespace collapsed, trimmed: the key of the exact pass. */
export function normaliseForExact(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** 32-bit string hash (FNV-1a over UTF-16 code units; fine for hashing tokens). */
function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: a cheap, well-mixed permutation of 32-bit integers. */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Word tokens: lower-case runs of letters, digits and underscores. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Sorted unique hashes of the word k-gram shingles of a token list. */
export function shingles(tokens: readonly string[], k: number): Uint32Array {
  const th = tokens.map(strHash);
  const n = Math.max(1, th.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c;
    for (let j = i; j < Math.min(i + k, th.length); j++) h = fmix32(h ^ th[j]);
    out[i] = h >>> 0;
  }
  out.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[i - 1]) out[m++] = out[i];
  return out.slice(0, m);
}

/** Exact Jaccard similarity of two sorted unique arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return union === 0 ? 1 : inter / union;
}

function minhash(set: Uint32Array, seeds: Uint32Array): Uint32Array {
  const sig = new Uint32Array(seeds.length).fill(0xffffffff);
  for (let s = 0; s < set.length; s++) {
    const x = set[s];
    for (let i = 0; i < seeds.length; i++) {
      const v = fmix32(x ^ seeds[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/** Marks the documents to keep; `removals` says why each other one went and which doc it copies. */
export function dedupe(docs: readonly DedupeDoc[], options: DedupeOptions = {}): DedupeResult {
  const threshold = options.threshold ?? NEAR_THRESHOLD;
  const k = options.shingle ?? 5;
  const bands = options.bands ?? 12;
  const rows = options.rows ?? 8;
  const minTokens = options.minNearTokens ?? MIN_NEAR_TOKENS;
  const seeds = new Uint32Array(bands * rows);
  for (let i = 0; i < seeds.length; i++) seeds[i] = fmix32(0x1234567 + i * 0x9e3779b9);

  const keep = new Array<boolean>(docs.length).fill(true);
  const removals: Removal[] = [];
  const exact = new Map<string, number>();
  const buckets = new Map<string, number[]>();
  const sets = new Map<number, Uint32Array>();

  docs.forEach((doc, index) => {
    const key = normaliseForExact(doc.text);
    const first = exact.get(key);
    if (first !== undefined) {
      keep[index] = false;
      removals.push({ index, reason: 'exact', of: first, jaccard: 1 });
      return;
    }
    exact.set(key, index);
    const tokens = wordTokens(doc.text);
    if (tokens.length < minTokens) return;
    const set = shingles(tokens, k);
    const sig = minhash(set, seeds);
    const keys: string[] = [];
    const seen = new Set<number>();
    let best: { of: number; j: number } | null = null;
    for (let b = 0; b < bands; b++) {
      let h = b + 1;
      for (let r = 0; r < rows; r++) h = fmix32(h ^ sig[b * rows + r]);
      const bucketKey = `${b}:${h >>> 0}`;
      keys.push(bucketKey);
      for (const other of buckets.get(bucketKey) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        const j = jaccard(set, sets.get(other) as Uint32Array);
        if (j >= threshold && (best === null || j > best.j)) best = { of: other, j };
      }
    }
    if (best !== null) {
      keep[index] = false;
      removals.push({ index, reason: 'near', of: best.of, jaccard: best.j });
      return;
    }
    sets.set(index, set);
    for (const bucketKey of keys) {
      const list = buckets.get(bucketKey);
      if (list === undefined) buckets.set(bucketKey, [index]);
      else list.push(index);
    }
  });
  return { keep, removals };
}
