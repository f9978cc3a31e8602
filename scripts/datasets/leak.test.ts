import { describe, expect, it } from 'vitest';
import { generateWorldText } from '../../src/core/world/generate';
import { assertNoEvalLeak, findEvalLeaks, findWords } from './leak';

const DOCS = [
  'Once upon a time there was a cat. The cat sat on the mat and looked at the moon.',
  'function add(a, b) { return a + b; } // adds two numbers',
  'Art. 4: A regional court hears a claim only if the two parties live in different regions.',
];

describe('eval leak check', () => {
  it('finds a short eval string inside a document, ignoring case and punctuation', () => {
    const leaks = findEvalLeaks(DOCS, ['THE CAT SAT, on the mat!']);
    expect(leaks).toEqual([{ evalIndex: 0, docIndex: 0, words: 'the cat sat on the mat' }]);
  });

  it('matches whole words only', () => {
    expect(findEvalLeaks(['concatenate the data'], ['cat'])).toEqual([]);
    expect(findEvalLeaks(['the cat'], ['cat'])).toHaveLength(1);
  });

  it('flags a long eval item when any 13-word window of it occurs', () => {
    const item =
      'Facts: Ana sues Bo. Question: a regional court hears a claim only if the two parties live in different regions, yes?';
    const leaks = findEvalLeaks(DOCS, [item]);
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks[0].docIndex).toBe(2);
    expect(leaks[0].words.split(' ')).toHaveLength(13);
    // Twelve shared words are not enough for a long item.
    const twelve = 'zzz a regional court hears a claim only if the two parties live yyy xxx www';
    expect(findEvalLeaks(DOCS, [twelve])).toEqual([]);
  });

  it('passes clean corpora and throws a readable error on a leak', () => {
    expect(() => assertNoEvalLeak(DOCS, ['Is Tim a fep?', 'All daxes are toves.'])).not.toThrow();
    expect(() => assertNoEvalLeak(DOCS, [], {})).not.toThrow();
    expect(() => assertNoEvalLeak(DOCS, ['return a + b'], { label: 'code' })).toThrow(
      /leak into the corpus code:\n {2}eval item #0 in document #1: "return a b"/,
    );
  });

  it('finds a leak planted in a realistic corpus, and nothing otherwise', () => {
    const corpus = generateWorldText(4, 200_000);
    const item = 'All daxes are glazons. No glazon can swim. Dina is a dax. Question: Can Dina swim?';
    expect(findEvalLeaks(corpus, [item])).toEqual([]);
    const planted = [...corpus.slice(0, 50), `Story time. ${item} The end.`, ...corpus.slice(50)];
    expect(findEvalLeaks(planted, [item]).map((l) => l.docIndex)).toContain(50);
  });
});

describe('findWords', () => {
  it('finds whole words and their plurals, case-insensitively', () => {
    const hits = findWords(['Two Daxes and a fep.', 'daxophone', 'A wug.'], ['dax', 'fep']);
    expect(hits).toEqual([
      ['dax', 0],
      ['fep', 0],
    ]);
  });
});
