// Reading a Hugging Face `tokenizer.json` back into the lab's saved tokenizer form (the writer is
// src/core/tokenizer/hf-json.ts). Accepted: byte-level BPE pre-tokenized by our Split + regex-free
// ByteLevel, or by GPT-2's ByteLevel with its own regex, numbered any way: the lab renumbers it its
// own way (bytes 0–255 by value, one id per merge in merge order, then the added tokens) and returns
// the map from the file's ids. Anything else is refused naming the JSON field.
import { BpeTokenizer } from '../tokenizer/bpe';
import { BYTE_TO_CHAR, byteLevelToBytes, bytesToByteLevel } from '../tokenizer/byte-level';
import type { TokenizerJson } from '../tokenizer/format';
import { compilePattern } from '../tokenizer/pretokenize';
import { HF_FILES, HfFormatError } from './errors';

/** GPT-2's own split (a ByteLevel pre-tokenizer with use_regex), with \s spelled as the Unicode property. */
export const GPT2_PATTERN =
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\p{White_Space}\\p{L}\\p{N}]+|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+";

const fail = (field: string | null, detail: string): never => {
  throw new HfFormatError(HF_FILES.tokenizer, field, detail);
};
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkByteLevel(p: unknown, field: string, useRegex: boolean): void {
  if (!isObject(p) || p.type !== 'ByteLevel') fail(field, 'must be a ByteLevel pre-tokenizer');
  const b = p as Record<string, unknown>;
  if (b.add_prefix_space === true) fail(`${field}.add_prefix_space`, 'must be false (the lab adds no space)');
  if ((b.use_regex ?? true) !== useRegex) fail(`${field}.use_regex`, `must be ${useRegex} here`);
}

/** The split pattern of a supported pre-tokenizer: ours (Split + ByteLevel) or GPT-2's ByteLevel. */
function patternOf(pre: unknown): string {
  if (isObject(pre) && pre.type === 'ByteLevel') {
    checkByteLevel(pre, 'pre_tokenizer', true);
    return GPT2_PATTERN;
  }
  if (!isObject(pre) || pre.type !== 'Sequence' || !Array.isArray(pre.pretokenizers))
    return fail('pre_tokenizer', 'must be ByteLevel, or a Sequence of a Split and a ByteLevel without regex');
  const [split, byteLevel, ...rest] = pre.pretokenizers as unknown[];
  if (rest.length) fail('pre_tokenizer.pretokenizers', 'must hold exactly a Split and a ByteLevel');
  const field = 'pre_tokenizer.pretokenizers[0]';
  if (!isObject(split) || split.type !== 'Split') return fail(field, 'must be a Split pre-tokenizer');
  const regex = isObject(split.pattern) ? split.pattern.Regex : undefined;
  if (typeof regex !== 'string' || regex.length === 0)
    return fail(`${field}.pattern`, 'must be {"Regex": "…"}');
  if (split.behavior !== 'Isolated') fail(`${field}.behavior`, 'must be "Isolated"');
  if (split.invert !== false) fail(`${field}.invert`, 'must be false');
  checkByteLevel(byteLevel, 'pre_tokenizer.pretokenizers[1]', false);
  try {
    compilePattern(regex);
  } catch (e) {
    fail(`${field}.pattern`, (e as Error).message);
  }
  return regex;
}

function addedTokens(added: unknown): { id: number; content: string }[] {
  if (added === undefined || added === null) return [];
  if (!Array.isArray(added)) return fail('added_tokens', 'must be an array');
  return added
    .map((t: unknown, i) => {
      if (
        !isObject(t) ||
        typeof t.content !== 'string' ||
        typeof t.id !== 'number' ||
        !Number.isSafeInteger(t.id)
      )
        return fail(`added_tokens[${i}]`, 'must have an integer id and a string content');
      return { id: t.id, content: t.content };
    })
    .sort((a, b) => a.id - b.id);
}

/** What the lab reads from a tokenizer.json. */
export interface HfTokenizerRead {
  /** The lab's saved form: bytes 0–255, then one id per merge in merge order, then the added tokens. */
  tokenizer: TokenizerJson;
  /** labId[fileId]: where each of the file's token ids goes in the lab's numbering. */
  labId: Int32Array;
  /** Whether the file already numbers tokens the lab's way (labId is the identity). */
  identity: boolean;
}

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/** A byte-level token name as a latin1 key of its bytes, or an error naming the field. */
function keyOf(name: string, field: string): string {
  try {
    return latin1(byteLevelToBytes(name));
  } catch (e) {
    return fail(field, (e as Error).message);
  }
}

function checkModel(json: Record<string, unknown>): { pattern: string; model: Record<string, unknown> } {
  if (json.normalizer !== null && json.normalizer !== undefined)
    fail('normalizer', 'must be null (the lab does not normalise text)');
  const pattern = patternOf(json.pre_tokenizer);
  if (!isObject(json.decoder) || json.decoder.type !== 'ByteLevel')
    fail('decoder', 'must be a ByteLevel decoder');
  const model = json.model;
  if (!isObject(model) || model.type !== 'BPE') return fail('model.type', 'must be "BPE"');
  if (model.byte_fallback === true) fail('model.byte_fallback', 'must be false');
  if (model.dropout !== null && model.dropout !== undefined) fail('model.dropout', 'must be null');
  for (const k of ['continuing_subword_prefix', 'end_of_word_suffix'])
    if (model[k] !== null && model[k] !== undefined && model[k] !== '') fail(`model.${k}`, 'must be null');
  if (!isObject(model.vocab)) return fail('model.vocab', 'must be an object of token → id');
  if (!Array.isArray(model.merges)) return fail('model.merges', 'must be an array');
  return { pattern, model };
}

/**
 * Reads a tokenizer.json: byte-level BPE with any numbering (the lab's, GPT-2's bytes-in-printable-
 * order, specials first, …), renumbered the lab's way, with the map from the file's ids to the lab's
 * (importGpt2 moves the embedding rows with it). Refuses, naming the field, anything else: another
 * model or pre-tokenizer, a vocabulary entry no merge makes, a merge of tokens not yet made, a
 * missing byte, ids with gaps.
 */
export function readHfTokenizer(json: unknown): HfTokenizerRead {
  if (!isObject(json)) return fail(null, 'must be a JSON object');
  const { pattern, model } = checkModel(json);
  const added = addedTokens(json.added_tokens);
  const addedAt = new Map(added.map((t) => [t.id, t.content]));
  const fileIds = new Set<number>(added.map((t) => t.id));
  if (fileIds.size !== added.length) fail('added_tokens', 'two added tokens share an id');
  // Ordinary tokens: name → (file id, bytes key); names that are added tokens stay specials.
  const vocab = new Map<string, number>(); // bytes key → file id
  for (const [name, id] of Object.entries(model.vocab as Record<string, unknown>)) {
    const field = `model.vocab[${JSON.stringify(name)}]`;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
      return fail(field, `id must be a non-negative integer, got ${JSON.stringify(id)}`);
    if (addedAt.has(id)) {
      if (addedAt.get(id) !== name)
        fail(field, `id ${id} is also added token ${JSON.stringify(addedAt.get(id))}`);
      continue;
    }
    if (fileIds.has(id)) fail(field, `id ${id} is used twice`);
    fileIds.add(id);
    vocab.set(keyOf(name, field), id);
  }
  // The lab's numbering: bytes by value, then each merge's new token in merge order.
  const labOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const key = String.fromCharCode(b);
    if (!vocab.has(key))
      fail(
        'model.vocab',
        `lacks byte ${b} (${JSON.stringify(BYTE_TO_CHAR[b])}): byte-level BPE needs all 256`,
      );
    labOf.set(key, b);
  }
  const merges = (model.merges as unknown[]).map((m, i): [number, number] => {
    const field = `model.merges[${i}]`;
    const pair: unknown = typeof m === 'string' ? m.split(' ') : m;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === 'string'))
      return fail(field, `must be "left right" or ["left", "right"], got ${JSON.stringify(m)}`);
    const [ka, kb] = (pair as string[]).map((x) => keyOf(x, field));
    const [a, b] = [labOf.get(ka), labOf.get(kb)];
    if (a === undefined || b === undefined || !vocab.has(ka + kb))
      return fail(
        field,
        `${JSON.stringify(m)}: both tokens must be bytes or made by earlier merges, and their join must be in model.vocab`,
      );
    if (!labOf.has(ka + kb)) labOf.set(ka + kb, labOf.size);
    return [a, b];
  });
  for (const [key, id] of vocab)
    if (!labOf.has(key))
      fail(
        `model.vocab[${JSON.stringify(bytesToByteLevel(Array.from(key, (c) => c.charCodeAt(0))))}]`,
        `(id ${id}) is neither a byte nor made by any merge`,
      );
  let tok: BpeTokenizer;
  try {
    tok = new BpeTokenizer({ merges, specialTokens: added.map((t) => t.content), pattern });
  } catch (e) {
    return fail(null, (e as Error).message);
  }
  const total = fileIds.size;
  const missing = [...Array(total).keys()].filter((i) => !fileIds.has(i));
  if (missing.length)
    fail(
      'model.vocab',
      `ids must be 0..${total - 1} without gaps; missing ${missing.slice(0, 5).join(', ')}`,
    );
  const labId = new Int32Array(total);
  for (const [key, id] of vocab) labId[id] = labOf.get(key)!;
  added.forEach((t, i) => (labId[t.id] = tok.numOrdinaryTokens + i));
  return { tokenizer: tok.toJSON(), labId, identity: labId.every((v, i) => v === i) };
}

/** A parsed tokenizer.json → the lab's saved tokenizer (see readHfTokenizer for what is accepted). */
export function fromHuggingFaceJson(json: unknown): TokenizerJson {
  return readHfTokenizer(json).tokenizer;
}
