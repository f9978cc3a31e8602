import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATTERN, compilePattern, splitChunks } from './pretokenize';

const re = compilePattern(DEFAULT_PATTERN);
const split = (s: string): string[] => splitChunks(s, re);

describe('pre-tokenizer (GPT-4-style split)', () => {
  it.each([
    ['Hello world', ['Hello', ' world']],
    ['12345 678', ['123', '45', ' ', '678']],
    [
      "I'm sure WE'RE done, isn't it?",
      ['I', "'m", ' sure', ' WE', "'RE", ' done', ',', ' isn', "'t", ' it', '?'],
    ],
    // indentation runs stay chunks; the last space of the run goes with the word
    ['\n    if x:\n        return 1', ['\n', '   ', ' if', ' x', ':\n', '       ', ' return', ' ', '1']],
    ['a  \n\n  b', ['a', '  \n\n', ' ', ' b']],
    ['', []],
    ['😀😀 ok', ['😀😀', ' ok']],
  ])('splits %j', (text, chunks) => {
    expect(split(text)).toEqual(chunks);
  });

  it('uses Unicode White_Space, not JS \\s (U+0085 is space, U+FEFF is not)', () => {
    // With JS's \s these would split as ['x', '\u0085\u0085', 'y'] and ['x', '\uFEFF', '\uFEFFy'].
    expect(split('x\u0085\u0085y')).toEqual(['x', '\u0085', '\u0085y']);
    expect(split('x\uFEFF\uFEFFy')).toEqual(['x', '\uFEFF\uFEFF', 'y']);
  });

  it('chunks of a real file concatenate back to it', () => {
    const text = readFileSync('node_modules/lodash/debounce.js', 'utf8');
    const chunks = split(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThan(text.length / 8);
    expect(chunks).toContain('   '); // indentation
  });

  it('keeps text between matches of a custom pattern as chunks', () => {
    expect(splitChunks('ab12cd', compilePattern('\\d+'))).toEqual(['ab', '12', 'cd']);
  });

  it('names a bad pattern', () => {
    expect(() => compilePattern('(?i:x)')).toThrow(/not a valid JS regex/);
  });
});
