// The tokenizer's saved form (`TokenizerJson`, format 'codemix-bpe' version 1), the default special
// tokens, and the checks that turn a parsed JSON value into a trusted one or say what is wrong.
// Building the tokenizer from it is `BpeTokenizer.fromJSON` (bpe.ts); HF's format is hf-json.ts.

export const TOKENIZER_FORMAT = 'codemix-bpe';
export const TOKENIZER_VERSION = 1;

/**
 * The default special tokens, in id order after the merges. `<|endoftext|>` separates documents and
 * serves as bos/eos; `<|pad|>` pads batches; `<|user|>` / `<|assistant|>` open an instruction turn
 * and `<|end|>` closes one.
 */
export const SPECIAL_TOKENS: readonly string[] = [
  '<|endoftext|>',
  '<|pad|>',
  '<|user|>',
  '<|assistant|>',
  '<|end|>',
];

export const EOT_TOKEN = '<|endoftext|>';

/** Token ids are packed in pair keys as a * PAIR_STRIDE + b, so ids must stay below it. */
export const MAX_BASE_TOKENS = 16384;

export interface TokenizerJson {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_VERSION;
  /** Merge i joins tokens a and b; its result is the next new id (256 + i when no merge repeats bytes). */
  merges: [number, number][];
  /** Special tokens; their ids follow the last merged token, in this order. */
  specialTokens: string[];
  /** The pre-tokenizer's regex source (JS syntax, compiled with flags `gu`). */
  pattern: string;
}

function fail(what: string): never {
  throw new Error(`tokenizer JSON: ${what}`);
}

/** Checks special-token names: non-empty, distinct strings. */
export function checkSpecialTokens(specials: unknown, where = 'specialTokens'): string[] {
  if (!Array.isArray(specials)) fail(`${where} must be an array of strings, got ${typeof specials}`);
  const seen = new Set<string>();
  specials.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0) fail(`${where}[${i}] must be a non-empty string`);
    if (seen.has(s)) fail(`${where}[${i}] ${JSON.stringify(s)} is listed twice`);
    seen.add(s);
  });
  return specials as string[];
}

/**
 * Validates the shape of a parsed tokenizer JSON value (format, version, field types); merge ids are
 * checked against the growing vocabulary when the tokenizer is built.
 */
export function parseTokenizerJson(value: unknown): TokenizerJson {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new Error(`tokenizer JSON: not valid JSON (${String(e)})`, { cause: e });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('expected an object');
  const v = value as Record<string, unknown>;
  if (v.format !== TOKENIZER_FORMAT) {
    fail(`format is ${JSON.stringify(v.format)}, expected ${JSON.stringify(TOKENIZER_FORMAT)}`);
  }
  if (v.version !== TOKENIZER_VERSION) {
    fail(
      `version ${JSON.stringify(v.version)} is not supported (this build reads version ${TOKENIZER_VERSION})`,
    );
  }
  if (!Array.isArray(v.merges)) fail('merges must be an array of [a, b] id pairs');
  v.merges.forEach((m, i) => {
    if (!Array.isArray(m) || m.length !== 2 || !m.every((x) => Number.isInteger(x) && x >= 0)) {
      fail(`merges[${i}] must be a pair of non-negative integer ids, got ${JSON.stringify(m)}`);
    }
  });
  const specialTokens = checkSpecialTokens(v.specialTokens);
  if (typeof v.pattern !== 'string' || v.pattern.length === 0) fail('pattern must be a non-empty string');
  return {
    format: TOKENIZER_FORMAT,
    version: TOKENIZER_VERSION,
    merges: v.merges as [number, number][],
    specialTokens,
    pattern: v.pattern,
  };
}
