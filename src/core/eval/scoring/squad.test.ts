// SQuAD-style scoring, checked against values worked out by hand from the official script's rules
// (lower case, strip ASCII punctuation, drop whole-word a/an/the, collapse spaces; F1 over the token
// multiset), and the random-span chance against an actual draw of random spans.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { generateTransfer } from '../generate';
import { wilson } from '../stats';
import { LEVELS } from '../types';
import { buildGenerationRequest } from './generation';
import { chanceOf } from './mc';
import { answerLine, exactMatch, scoreExtractive, spanChance, squadNormalise, tokenF1 } from './squad';

describe('squadNormalise', () => {
  it('lower-cases, strips punctuation, drops whole-word articles and collapses whitespace', () => {
    expect(squadNormalise('The Cat!')).toBe('cat');
    expect(squadNormalise('  an   apple,  a day ')).toBe('apple day');
    expect(squadNormalise("U.S. (don't)")).toBe('us dont');
    expect(squadNormalise('another theatre, Anna')).toBe('another theatre anna');
    expect(squadNormalise('THE')).toBe('');
  });
});

describe('exact match and token F1', () => {
  it('match the hand-computed values', () => {
    expect(exactMatch('the Denver Broncos', 'Denver Broncos.')).toBe(true);
    expect(exactMatch('Denver', 'Denver Broncos')).toBe(false);
    expect(tokenF1('Denver Broncos won', 'Denver Broncos')).toBeCloseTo(0.8, 12); // p 2/3, r 1
    expect(tokenF1('x x y', 'x y y')).toBeCloseTo(2 / 3, 12); // shared {x, y}: p = r = 2/3
    expect(tokenF1('y x', 'x y')).toBe(1); // order does not matter
    expect(tokenF1('z', 'x y')).toBe(0);
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('the', 'a')).toBe(1); // both normalise to nothing
    expect(tokenF1('', 'x')).toBe(0);
    expect(tokenF1('x', '')).toBe(0);
  });

  it('scores the first line of a generation', () => {
    expect(answerLine('  a brople\nQuestion: more')).toBe('a brople');
    expect(scoreExtractive('a brople', ' brople.\nmore')).toEqual({ em: true, f1: 1, answer: 'brople.' });
    expect(scoreExtractive('in spring', ' spring')).toMatchObject({ em: false, f1: 2 / 3 });
  });
});

describe('spanChance', () => {
  it('averages EM and F1 over every span of the gold length', () => {
    expect(spanChance('x b c b', 'b')).toEqual({ em: 0.5, f1: 0.5 });
    const two = spanChance('x b c b', 'b c'); // spans "x b", "b c", "c b"
    expect(two.em).toBeCloseTo(1 / 3, 12);
    expect(two.f1).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    expect(spanChance('x', 'a b c')).toEqual({ em: 0, f1: 0 });
  });

  it('is what a model that answers with a random span of the right length scores', () => {
    const rng = new Rng(99);
    const items = LEVELS.flatMap((level) =>
      Array.from({ length: 100 }, (_, s) => generateTransfer('extractive', level, s, 'eval')),
    );
    let hits = 0;
    let chance = 0;
    for (const item of items) {
      const words = item.context.split(/\s+/);
      const k = String(item.answer).split(/\s+/).length;
      const at = rng.int(words.length - k + 1);
      if (scoreExtractive(String(item.answer), words.slice(at, at + k).join(' ')).em) hits++;
      chance += chanceOf(item);
    }
    const [lo, hi] = wilson(hits, items.length);
    expect(chance / items.length).toBeGreaterThan(0);
    expect(chance / items.length).toBeGreaterThanOrEqual(lo);
    expect(chance / items.length).toBeLessThanOrEqual(hi);
  });

  it('gives an oracle 100% and an empty answer 0', () => {
    for (const level of LEVELS)
      for (let s = 0; s < 20; s++) {
        const item = generateTransfer('extractive', level, s, 'eval');
        const gold = String(item.answer);
        expect(scoreExtractive(gold, ` ${gold}\n`)).toMatchObject({ em: true, f1: 1 });
        expect(scoreExtractive(gold, '\n')).toMatchObject({ em: false, f1: 0 });
        const req = buildGenerationRequest(item);
        expect(req.prompt).toMatch(/^Read document: [^]*\nQuestion: [^]*\nAnswer:$/);
        expect(req.stop).toEqual(['\n']);
      }
  });
});
