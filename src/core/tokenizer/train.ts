// BPE training (minbpe's algorithm, made fast): pre-tokenize the texts into chunks, count each
// distinct chunk once with its frequency, then repeatedly merge the most frequent adjacent pair.
// Pair counts are updated incrementally: each merge revisits only the distinct chunks that contain
// the pair (an index from pair to chunks), and a lazy max-heap finds the next pair. Ties between
// equal counts go to the smallest (a, b), so the same texts always give the same merges.

import { BpeTokenizer, PAIR_STRIDE } from './bpe';
import { SPECIAL_TOKENS, checkSpecialTokens } from './format';
import { PairHeap } from './pair-heap';
import { DEFAULT_PATTERN, compilePattern, forEachChunk } from './pretokenize';
import { utf8Encoder } from './utf8';

/** Ordinary tokens (bytes + merges) a trained tokenizer may have. */
export const MIN_ORDINARY_VOCAB = 256;
export const MAX_ORDINARY_VOCAB = 8192;

export interface TrainOptions {
  /** Every id counts: 256 bytes + merges + special tokens; 256..8192 plus the special tokens. */
  vocabSize: number;
  /** Default `SPECIAL_TOKENS`; pass `[]` for none. */
  specialTokens?: readonly string[];
  /** Pre-tokenizer regex source (default: the GPT-4-style `DEFAULT_PATTERN`). */
  pattern?: string;
  /**
   * Called once before the first merge with done = 0 and after every new token (throttle in the
   * caller). If the texts run out of pairs first, the last call has done < total and the tokenizer
   * comes out smaller than asked.
   */
  onProgress?: (done: number, total: number) => void;
}

function checkOptions(options: TrainOptions): { specials: string[]; target: number } {
  if (options === null || typeof options !== 'object') throw new Error('trainBpe: options must be an object');
  const specials = checkSpecialTokens(
    [...(options.specialTokens ?? SPECIAL_TOKENS)],
    'trainBpe: specialTokens',
  );
  const v = options.vocabSize;
  const k = specials.length;
  if (!Number.isInteger(v)) throw new Error(`trainBpe: vocabSize must be an integer, got ${String(v)}`);
  const ordinary = v - k;
  if (ordinary < MIN_ORDINARY_VOCAB || ordinary > MAX_ORDINARY_VOCAB) {
    throw new Error(
      `trainBpe: vocabSize ${v} with ${k} special tokens leaves ${ordinary} byte+merge tokens; ` +
        `it must be ${MIN_ORDINARY_VOCAB}..${MAX_ORDINARY_VOCAB}, so vocabSize ${MIN_ORDINARY_VOCAB + k}..${MAX_ORDINARY_VOCAB + k}`,
    );
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new Error('trainBpe: onProgress must be a function');
  }
  return { specials, target: ordinary - 256 };
}

/** Distinct chunks of all texts (as byte-id arrays of length >= 2) with how often each occurs. */
function countChunks(texts: Iterable<string>, pattern: string): { words: Int32Array[]; freqs: number[] } {
  if (
    typeof texts === 'string' ||
    texts === null ||
    typeof texts !== 'object' ||
    !(Symbol.iterator in texts)
  ) {
    throw new Error('trainBpe: texts must be an array or iterable of strings (not a single string)');
  }
  const re = compilePattern(pattern);
  const counts = new Map<string, number>();
  const count = (chunk: string): void => {
    counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  };
  let index = 0;
  for (const text of texts) {
    if (typeof text !== 'string')
      throw new Error(`trainBpe: texts[${index}] is a ${typeof text}, not a string`);
    forEachChunk(text, re, count);
    index++;
  }
  const words: Int32Array[] = [];
  const freqs: number[] = [];
  for (const [chunk, f] of counts) {
    const bytes = utf8Encoder.encode(chunk);
    if (bytes.length < 2) continue; // nothing to merge
    words.push(Int32Array.from(bytes));
    freqs.push(f);
  }
  return { words, freqs };
}

/** Trains a byte-level BPE tokenizer on `texts` (each text is pre-tokenized on its own). */
export function trainBpe(texts: Iterable<string>, options: TrainOptions): BpeTokenizer {
  const { specials, target } = checkOptions(options);
  const pattern = options.pattern ?? DEFAULT_PATTERN;
  const { words, freqs } = countChunks(texts, pattern);

  // Pair statistics over distinct chunks, weighted by chunk frequency.
  const pairCount = new Map<number, number>();
  const where = new Map<number, number[]>(); // pair → chunks that (may) contain it; may hold stale entries
  const note = (key: number, wi: number): void => {
    const list = where.get(key);
    if (list === undefined) where.set(key, [wi]);
    else if (list[list.length - 1] !== wi) list.push(wi);
  };
  words.forEach((w, wi) => {
    const f = freqs[wi];
    for (let i = 0; i < w.length - 1; i++) {
      const key = w[i] * PAIR_STRIDE + w[i + 1];
      pairCount.set(key, (pairCount.get(key) ?? 0) + f);
      note(key, wi);
    }
  });
  const heap = new PairHeap();
  for (const [key, c] of pairCount) heap.push(c, key);

  // Token bytes, to spot a merge that spells an existing token (then no new id; see bpe.ts).
  const bytesOf: string[] = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));
  const idOfBytes = new Map<string, number>(bytesOf.map((s, b) => [s, b]));
  const merges: [number, number][] = [];
  const stamp = new Int32Array(words.length).fill(-1);
  let scratch = new Int32Array(64);
  let made = 0;
  options.onProgress?.(0, target);

  while (made < target) {
    // The most frequent pair: skip entries whose count went stale, re-queue those that dropped.
    let key = -1;
    for (let top = heap.pop(); top !== null; top = heap.pop()) {
      const [c, k] = top;
      const current = pairCount.get(k) ?? 0;
      if (current === c) {
        key = k;
        break;
      }
      if (current > 0 && current < c) heap.push(current, k);
    }
    if (key < 0) break; // no pairs left: the texts are fully merged

    const a = Math.floor(key / PAIR_STRIDE);
    const b = key % PAIR_STRIDE;
    const joined = bytesOf[a] + bytesOf[b];
    let id = idOfBytes.get(joined);
    const isNew = id === undefined;
    if (id === undefined) {
      id = bytesOf.length;
      bytesOf.push(joined);
      idOfBytes.set(joined, id);
      made++;
    }
    const rank = merges.length;
    merges.push([a, b]);

    // Rewrite every chunk holding (a, b); collect the net change of each pair's count.
    const delta = new Map<number, number>();
    const add = (k: number, d: number): void => {
      delta.set(k, (delta.get(k) ?? 0) + d);
    };
    for (const wi of where.get(key) ?? []) {
      if (stamp[wi] === rank) continue;
      stamp[wi] = rank;
      const w = words[wi];
      const n = w.length;
      if (scratch.length < n) scratch = new Int32Array(n * 2);
      let m = 0;
      for (let i = 0; i < n;) {
        if (i < n - 1 && w[i] === a && w[i + 1] === b) {
          scratch[m++] = id;
          i += 2;
        } else scratch[m++] = w[i++];
      }
      if (m === n) continue; // stale index entry: the pair is no longer here
      const f = freqs[wi];
      for (let i = 0; i < n - 1; i++) add(w[i] * PAIR_STRIDE + w[i + 1], -f);
      const nw = scratch.slice(0, m);
      for (let i = 0; i < m - 1; i++) {
        const k = nw[i] * PAIR_STRIDE + nw[i + 1];
        add(k, f);
        if (nw[i] === id || nw[i + 1] === id) note(k, wi); // only pairs with the new id are new here
      }
      words[wi] = nw;
    }
    pairCount.delete(key);
    where.delete(key);
    for (const [k, d] of delta) {
      if (d === 0 || k === key) continue;
      const c = (pairCount.get(k) ?? 0) + d;
      if (c > 0) {
        pairCount.set(k, c);
        if (d > 0) heap.push(c, k);
      } else {
        pairCount.delete(k);
        where.delete(k);
      }
    }
    if (isNew) options.onProgress?.(made, target);
  }
  return new BpeTokenizer({ merges, specialTokens: specials, pattern });
}
