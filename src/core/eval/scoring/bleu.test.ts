// Smoothed BLEU-4 against values worked out by hand from the formula, and the code tokenizer.
import { describe, expect, it } from 'vitest';
import { codeBleu, computeBleu, corpusCodeBleu, tokenizeCode } from './bleu';

const toks = (s: string) => s.split(' ');

describe('computeBleu (smoothed, max order 4)', () => {
  it('is 1 for an identical candidate', () => {
    expect(computeBleu([[toks('a b c d')]], [toks('a b c d')]).bleu).toBeCloseTo(1, 12);
  });

  it('matches a hand computation with one wrong last token', () => {
    // matches 3, 2, 1, 0 of possible 4, 3, 2, 1 → smoothed 4/5, 3/4, 2/3, 1/2; same length so BP = 1
    const r = computeBleu([[toks('a b c d')]], [toks('a b c e')]);
    expect(r.precisions).toEqual([4 / 5, 3 / 4, 2 / 3, 1 / 2]);
    expect(r.bleu).toBeCloseTo(((4 / 5) * (3 / 4) * (2 / 3) * (1 / 2)) ** 0.25, 12); // 0.668740…
    expect(r.bleu).toBeCloseTo(0.6687403, 6);
  });

  it('applies the brevity penalty exp(1 − r/c) to a short candidate', () => {
    // "a b" vs "a b c d": matches 2, 1, 0, 0 of possible 2, 1, 0, 0 → all smoothed precisions are 1
    const r = computeBleu([[toks('a b c d')]], [toks('a b')]);
    expect(r.precisions).toEqual([1, 1, 1, 1]);
    expect(r.brevityPenalty).toBeCloseTo(Math.exp(1 - 4 / 2), 12);
    expect(r.bleu).toBeCloseTo(0.3678794, 6);
  });

  it('clips repeated n-grams and pools counts over the corpus', () => {
    // "a a a a" vs "a b c d": unigram "a" is clipped to 1 match; possible 4, 3, 2, 1
    expect(computeBleu([[toks('a b c d')]], [toks('a a a a')]).precisions).toEqual([
      2 / 5,
      1 / 4,
      1 / 3,
      1 / 2,
    ]);
    // two pairs: matches 7, 5, 3, 1 of 8, 6, 4, 2 → 8/9, 6/7, 4/5, 2/3
    const r = computeBleu([[toks('a b c d')], [toks('a b c d')]], [toks('a b c d'), toks('a b c e')]);
    expect(r.bleu).toBeCloseTo(((8 / 9) * (6 / 7) * (4 / 5) * (2 / 3)) ** 0.25, 12);
  });

  it('takes the shortest reference length and the best reference counts', () => {
    const r = computeBleu([[toks('x y'), toks('a b c d e')]], [toks('a b c d e')]);
    expect(r.referenceLength).toBe(2);
    expect(r.bleu).toBeCloseTo(1, 12);
  });

  it('is 0 for an empty candidate and unsmoothed BLEU is 0 without any 4-gram match', () => {
    expect(computeBleu([[toks('a b')]], [[]]).bleu).toBe(0);
    expect(computeBleu([[toks('a b c d')]], [toks('a b c e')], 4, false).bleu).toBe(0);
  });
});

describe('code BLEU', () => {
  it('tokenises identifiers, numbers, strings and operators, ignoring layout', () => {
    expect(tokenizeCode("if (x === 10) { s += 'a b'; }")).toEqual([
      'if',
      '(',
      'x',
      '===',
      '10',
      ')',
      '{',
      's',
      '+=',
      "'a b'",
      ';',
      '}',
    ]);
    expect(tokenizeCode('return a=>a.b??0')).toEqual(['return', 'a', '=>', 'a', '.', 'b', '??', '0']);
  });

  it('scores a reformatted copy as identical and a different body lower', () => {
    const ref = '  let total = 0;\n  for (const x of arr) {\n    total += x;\n  }\n  return total;\n}\n';
    expect(codeBleu(ref, ref.replace(/\s+/g, ' '))).toBeCloseTo(1, 12);
    expect(codeBleu(ref, '  return 0;\n}')).toBeLessThan(0.2);
    expect(corpusCodeBleu([{ reference: ref, candidate: ref }])).toBeCloseTo(100, 10);
  });
});
