// The byte-level BPE tokenizer (encode, decode, save/load), minbpe-style: ids 0..255 are the raw
// bytes, then one id per merged token in merge order, then the special tokens. Training is train.ts;
// the Hugging Face export is hf-json.ts.
//
// Round trips: any byte sequence survives encodeBytes → decodeBytes exactly (invalid UTF-8 too). Any
// JS string survives encode → decode, except that a lone surrogate (not valid Unicode, so not
// encodable as UTF-8) comes back as U+FFFD, as TextEncoder writes it.

import {
  EOT_TOKEN,
  MAX_BASE_TOKENS,
  TOKENIZER_FORMAT,
  TOKENIZER_VERSION,
  checkSpecialTokens,
  parseTokenizerJson,
} from './format';
import type { TokenizerJson } from './format';
import { toHuggingFaceJson } from './hf-json';
import type { HfTokenizerJson } from './hf-json';
import { compilePattern, forEachChunk } from './pretokenize';
import { decodeWellFormed, utf8Decoder, utf8Encoder, wellFormedLength } from './utf8';

/** Pair (a, b) of token ids as one number: a * PAIR_STRIDE + b (below 2^28, a V8 small integer). */
export const PAIR_STRIDE = MAX_BASE_TOKENS;

export interface EncodeOptions {
  /**
   * Recognise special-token strings in the text and emit their ids. Off by default, so text from a
   * user or a corpus can never forge `<|endoftext|>`: it is then encoded as ordinary bytes.
   */
  allowSpecial?: boolean;
}

export interface BpeInit {
  merges: readonly (readonly [number, number])[];
  specialTokens: readonly string[];
  pattern: string;
}

/** Chunks longer than this are encoded but not cached (they are rare and would bloat the cache). */
const CACHE_MAX_CHUNK = 256;
const CACHE_MAX_ENTRIES = 200_000;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class BpeTokenizer {
  /** Every id: 256 bytes + merged tokens + special tokens. */
  readonly vocabSize: number;
  /** Ids below this are bytes or merged tokens; ids from it up are special tokens. */
  readonly numOrdinaryTokens: number;
  readonly pattern: string;
  readonly specialTokens: readonly string[];

  private readonly mergeList: (readonly [number, number])[];
  /** pair key → merge rank (its index in mergeList). */
  private readonly pairRank = new Map<number, number>();
  /** merge rank → the id it produces. */
  private readonly mergeResult: Int32Array;
  /** id → bytes, for ordinary tokens. */
  private readonly bytesOf: Uint8Array[] = [];
  private readonly specialBytes: Uint8Array[];
  private readonly specialIds = new Map<string, number>();
  private readonly re: RegExp;
  private readonly specialRe: RegExp | null;
  private readonly cache = new Map<string, number[]>();

  constructor(init: BpeInit) {
    this.pattern = init.pattern;
    this.re = compilePattern(init.pattern);
    this.specialTokens = Object.freeze([...checkSpecialTokens([...init.specialTokens])]);

    for (let b = 0; b < 256; b++) this.bytesOf.push(Uint8Array.of(b));
    const idOfBytes = new Map<string, number>(); // latin1 view of a token's bytes → id
    for (let b = 0; b < 256; b++) idOfBytes.set(String.fromCharCode(b), b);
    this.mergeList = [];
    this.mergeResult = new Int32Array(init.merges.length);
    init.merges.forEach(([a, b], rank) => {
      const n = this.bytesOf.length;
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n)) {
        throw new Error(
          `merges[${rank}] = [${a}, ${b}] refers to an id that does not exist yet (ids so far: 0..${n - 1})`,
        );
      }
      const key = a * PAIR_STRIDE + b;
      if (this.pairRank.has(key)) {
        throw new Error(`merges[${rank}] = [${a}, ${b}] repeats merges[${this.pairRank.get(key)}]`);
      }
      const joined = new Uint8Array(this.bytesOf[a].length + this.bytesOf[b].length);
      joined.set(this.bytesOf[a]);
      joined.set(this.bytesOf[b], this.bytesOf[a].length);
      const latin1 = latin1Key(joined);
      // Two different merges can spell the same bytes (e.g. [ab, c] and [a, bc]); like Hugging Face's
      // BPE, both then produce the one token with those bytes, so ids and byte strings stay one to one.
      let id = idOfBytes.get(latin1);
      if (id === undefined) {
        id = this.bytesOf.length;
        if (id >= MAX_BASE_TOKENS)
          throw new Error(`too many merges: ordinary tokens would exceed ${MAX_BASE_TOKENS}`);
        this.bytesOf.push(joined);
        idOfBytes.set(latin1, id);
      }
      this.pairRank.set(key, rank);
      this.mergeResult[rank] = id;
      this.mergeList.push([a, b]);
    });
    this.numOrdinaryTokens = this.bytesOf.length;
    this.specialBytes = this.specialTokens.map((s) => utf8Encoder.encode(s));
    this.specialTokens.forEach((s, i) => this.specialIds.set(s, this.numOrdinaryTokens + i));
    this.vocabSize = this.numOrdinaryTokens + this.specialTokens.length;
    // Longest first, so that of two specials starting at the same place the longer wins.
    const alternatives = [...this.specialTokens].sort((x, y) => y.length - x.length).map(escapeRegex);
    this.specialRe = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : null;
  }

  static fromJSON(json: unknown): BpeTokenizer {
    const parsed = parseTokenizerJson(json);
    try {
      return new BpeTokenizer(parsed);
    } catch (e) {
      throw new Error(`tokenizer JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  toJSON(): TokenizerJson {
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_VERSION,
      merges: this.mergeList.map(([a, b]) => [a, b]),
      specialTokens: [...this.specialTokens],
      pattern: this.pattern,
    };
  }

  /** The Hugging Face `tokenizer.json` form (see hf-json.ts). */
  toHuggingFaceJson(): HfTokenizerJson {
    return toHuggingFaceJson(this);
  }

  /** The merges in rank order (a copy). */
  get merges(): [number, number][] {
    return this.mergeList.map(([a, b]) => [a, b]);
  }

  /** The id merge `rank` produces. */
  mergeResultId(rank: number): number {
    if (!(rank >= 0 && rank < this.mergeList.length)) throw new RangeError(`no merge with rank ${rank}`);
    return this.mergeResult[rank];
  }

  /** Text → ids. Special-token strings are plain bytes unless `allowSpecial` is set. */
  encode(text: string, opts: EncodeOptions = {}): number[] {
    if (typeof text !== 'string') throw new TypeError(`encode expects a string, got ${typeof text}`);
    const out: number[] = [];
    if (!opts.allowSpecial || this.specialRe === null) {
      this.encodeOrdinary(text, out);
      return out;
    }
    const re = this.specialRe;
    re.lastIndex = 0;
    let prev = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m.index > prev) this.encodeOrdinary(text.slice(prev, m.index), out);
      out.push(this.specialIds.get(m[0])!);
      prev = m.index + m[0].length;
    }
    if (prev < text.length) this.encodeOrdinary(text.slice(prev), out);
    return out;
  }

  /**
   * Bytes → ids, for any bytes. Well-formed UTF-8 runs are split and merged exactly as `encode`
   * would (so encodeBytes(utf8(text)) equals encode(text)); each run of ill-formed bytes is one chunk.
   * Special tokens are never recognised here.
   */
  encodeBytes(bytes: Uint8Array): number[] {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('encodeBytes expects a Uint8Array');
    const out: number[] = [];
    let i = 0;
    while (i < bytes.length) {
      let j = i;
      while (j < bytes.length) {
        const len = wellFormedLength(bytes, j);
        if (len === 0) break;
        j += len;
      }
      if (j > i) this.encodeOrdinary(decodeWellFormed(bytes.subarray(i, j)), out);
      let k = j;
      while (k < bytes.length && wellFormedLength(bytes, k) === 0) k++;
      if (k > j) for (const id of this.mergeIds(Array.from(bytes.subarray(j, k)))) out.push(id);
      i = k;
    }
    return out;
  }

  /** Ids → bytes, exactly (special tokens become their UTF-8 text). */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    let total = 0;
    for (let i = 0; i < ids.length; i++) total += this.bytesFor(ids[i], i).length;
    const out = new Uint8Array(total);
    let p = 0;
    for (let i = 0; i < ids.length; i++) {
      const b = this.bytesFor(ids[i], i);
      out.set(b, p);
      p += b.length;
    }
    return out;
  }

  /** Ids → text; byte sequences that are not valid UTF-8 (e.g. a cut-off emoji) show as U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    return utf8Decoder.decode(this.decodeBytes(ids));
  }

  /** The bytes of one token (a copy). */
  tokenBytes(id: number): Uint8Array {
    return this.bytesFor(id, 0).slice();
  }

  isSpecial(id: number): boolean {
    return Number.isInteger(id) && id >= this.numOrdinaryTokens && id < this.vocabSize;
  }

  /** The id of a special token, by its text; throws if the tokenizer has no such token. */
  specialId(name: string): number {
    const id = this.specialIds.get(name);
    if (id === undefined) {
      throw new Error(
        `no special token ${JSON.stringify(name)} (have: ${this.specialTokens.join(', ') || 'none'})`,
      );
    }
    return id;
  }

  /** The id of `<|endoftext|>` (document separator, bos and eos). */
  get eotId(): number {
    return this.specialId(EOT_TOKEN);
  }

  private bytesFor(id: number, index: number): Uint8Array {
    if (Number.isInteger(id) && id >= 0) {
      if (id < this.numOrdinaryTokens) return this.bytesOf[id];
      if (id < this.vocabSize) return this.specialBytes[id - this.numOrdinaryTokens];
    }
    throw new RangeError(
      `token id ${id} at position ${index} is outside the vocabulary (0..${this.vocabSize - 1})`,
    );
  }

  private encodeOrdinary(text: string, out: number[]): void {
    forEachChunk(text, this.re, (chunk) => {
      let ids = this.cache.get(chunk);
      if (ids === undefined) {
        ids = this.mergeIds(Array.from(utf8Encoder.encode(chunk)));
        if (chunk.length <= CACHE_MAX_CHUNK) {
          if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
          this.cache.set(chunk, ids);
        }
      }
      for (let i = 0; i < ids.length; i++) out.push(ids[i]);
    });
  }

  /**
   * Applies the merges to one chunk's byte ids, in place: repeatedly the adjacent pair with the
   * lowest rank is merged everywhere in the chunk (left to right), until no pair has a merge.
   */
  private mergeIds(ids: number[]): number[] {
    let n = ids.length;
    while (n >= 2) {
      let best = -1;
      for (let i = 0; i < n - 1; i++) {
        const r = this.pairRank.get(ids[i] * PAIR_STRIDE + ids[i + 1]);
        if (r !== undefined && (best < 0 || r < best)) best = r;
      }
      if (best < 0) break;
      const [a, b] = this.mergeList[best];
      const id = this.mergeResult[best];
      let w = 0;
      for (let i = 0; i < n;) {
        if (i < n - 1 && ids[i] === a && ids[i + 1] === b) {
          ids[w++] = id;
          i += 2;
        } else ids[w++] = ids[i++];
      }
      n = w;
    }
    ids.length = n;
    return ids;
  }
}

function latin1Key(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
