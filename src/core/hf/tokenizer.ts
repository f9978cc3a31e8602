// Reading a Hugging Face `tokenizer.json` back into the lab's saved tokenizer form (the writer is
// src/core/tokenizer/hf-json.ts). Accepted: byte-level BPE numbered the way the lab numbers tokens —
// ids 0–255 the bytes in order, then one id per merge in merge order, then the special (added)
// tokens — pre-tokenized by our Split + regex-free ByteLevel, or by GPT-2's ByteLevel with its own
// regex. Anything else is refused naming the JSON field.
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

/** model.vocab as id → token name, checked: byte-level names, distinct non-negative ids. */
function vocabNames(vocab: unknown): string[] {
  if (!isObject(vocab)) return fail('model.vocab', 'must be an object of token → id');
  const nameOf: string[] = [];
  for (const [name, id] of Object.entries(vocab)) {
    const field = `model.vocab[${JSON.stringify(name)}]`;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
      return fail(field, `id must be a non-negative integer, got ${JSON.stringify(id)}`);
    try {
      byteLevelToBytes(name);
    } catch (e) {
      fail(field, (e as Error).message);
    }
    if (nameOf[id] !== undefined) fail(field, `id ${id} is also ${JSON.stringify(nameOf[id])}`);
    nameOf[id] = name;
  }
  for (let b = 0; b < 256; b++)
    if (nameOf[b] !== BYTE_TO_CHAR[b])
      fail(
        'model.vocab',
        `id ${b} must be byte ${b} (${JSON.stringify(BYTE_TO_CHAR[b])}), got ${JSON.stringify(nameOf[b] ?? null)}: ` +
          'the lab numbers tokens as the 256 bytes in order, then one per merge in merge order',
      );
  return nameOf;
}

function mergePairs(merges: unknown, idOf: Map<string, number>): [number, number][] {
  if (!Array.isArray(merges)) return fail('model.merges', 'must be an array');
  return merges.map((m: unknown, i): [number, number] => {
    const pair: unknown = typeof m === 'string' ? m.split(' ') : m;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === 'string'))
      return fail(
        `model.merges[${i}]`,
        `must be "left right" or ["left", "right"], got ${JSON.stringify(m)}`,
      );
    const [a, b] = (pair as string[]).map((x) => idOf.get(x));
    if (a === undefined || b === undefined)
      return fail(`model.merges[${i}]`, `${JSON.stringify(m)} names a token that is not in model.vocab`);
    return [a, b];
  });
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

/**
 * A parsed tokenizer.json → the lab's saved tokenizer (TokenizerJson), or an HfFormatError naming
 * the field that is unsupported or wrong.
 */
export function fromHuggingFaceJson(json: unknown): TokenizerJson {
  if (!isObject(json)) return fail(null, 'must be a JSON object');
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
  const nameOf = vocabNames(model.vocab);
  const merges = mergePairs(model.merges, new Map(nameOf.map((n, i) => [n, i])));
  const specials = addedTokens(json.added_tokens);
  let tok: BpeTokenizer;
  try {
    tok = new BpeTokenizer({ merges, specialTokens: specials.map((s) => s.content), pattern });
  } catch (e) {
    return fail(null, (e as Error).message);
  }
  const gaps = nameOf.length - nameOf.filter((n) => n !== undefined).length;
  if (nameOf.length !== tok.numOrdinaryTokens || gaps > 0)
    fail(
      'model.vocab',
      `has ids 0..${nameOf.length - 1}${gaps ? ` with ${gaps} missing` : ''}, but 256 bytes and ` +
        `${merges.length} merges make ${tok.numOrdinaryTokens} tokens`,
    );
  for (let id = 256; id < tok.numOrdinaryTokens; id++) {
    const spelled = bytesToByteLevel(tok.tokenBytes(id));
    if (nameOf[id] !== spelled)
      fail(
        `model.vocab[${JSON.stringify(nameOf[id])}]`,
        `has id ${id}, but in merge order id ${id} is ${JSON.stringify(spelled)}: the lab numbers merged tokens in merge order`,
      );
  }
  specials.forEach((s, i) => {
    if (s.id !== tok.numOrdinaryTokens + i)
      fail(
        'added_tokens',
        `${JSON.stringify(s.content)} has id ${s.id}; added tokens must follow the vocabulary (from id ${tok.numOrdinaryTokens}) without gaps`,
      );
  });
  return tok.toJSON();
}
