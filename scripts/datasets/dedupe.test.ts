import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { dedupe, jaccard, shingles, wordTokens } from './dedupe';

const VOCAB =
  'the a cat dog sat ran on under over mat log red blue big small quick slow and then it was'.split(' ');

function randomDoc(rng: Rng, words: number): string[] {
  return Array.from({ length: words }, () => `${VOCAB[rng.int(VOCAB.length)]}${rng.int(50)}`);
}

/** A copy with `changes` words replaced at spread-out positions. */
function mutate(words: readonly string[], changes: number): string[] {
  const out = [...words];
  for (let c = 0; c < changes; c++) out[Math.floor(((c + 0.5) * out.length) / changes)] = `changed${c}`;
  return out;
}

function naiveJaccard(a: string[], b: string[], k: number): number {
  const grams = (t: string[]) =>
    new Set(t.slice(0, t.length - k + 1).map((_, i) => t.slice(i, i + k).join(' ')));
  const A = grams(a);
  const B = grams(b);
  const inter = [...A].filter((x) => B.has(x)).length;
  return inter / (A.size + B.size - inter);
}

describe('dedupe', () => {
  it('computes the exact shingle Jaccard (checked against a naive set computation)', () => {
    const rng = new Rng(1);
    const a = randomDoc(rng, 120);
    const b = mutate(a, 4);
    const j = jaccard(shingles(a, 5), shingles(b, 5));
    expect(j).toBeCloseTo(naiveJaccard(a, b, 5), 10);
  });

  it('removes a constructed near duplicate and keeps unrelated and merely similar documents', () => {
    const rng = new Rng(2);
    const base = randomDoc(rng, 300);
    const near = mutate(base, 3); // J ≈ 0.9+
    const similar = mutate(base, 25); // J well below 0.9
    const other = randomDoc(rng, 300);
    expect(naiveJaccard(base, near, 5)).toBeGreaterThan(0.9);
    expect(naiveJaccard(base, similar, 5)).toBeLessThan(0.7);
    const docs = [base, other, near, similar].map((w, i) => ({ source: String(i), text: w.join(' ') }));
    const r = dedupe(docs);
    expect(r.keep).toEqual([true, true, false, true]);
    expect(r.removals).toHaveLength(1);
    expect(r.removals[0]).toMatchObject({ index: 2, reason: 'near', of: 0 });
    expect(r.removals[0].jaccard).toBeCloseTo(naiveJaccard(base, near, 5), 10);
  });

  it('removes exact duplicates up to case and whitespace, keeping the first', () => {
    const docs = ['Hello  world,\nthis is one.', 'Something else.', 'hello world, this   is ONE.'].map(
      (text) => ({
        source: 's',
        text,
      }),
    );
    const r = dedupe(docs);
    expect(r.keep).toEqual([true, true, false]);
    expect(r.removals[0]).toMatchObject({ index: 2, reason: 'exact', of: 0 });
  });

  it('leaves short documents that differ by a word alone (exact pass only)', () => {
    const a = 'bank (noun): sloping land beside a body of water';
    const b = 'bank (noun): sloping land beside a body of sand';
    expect(wordTokens(a).length).toBeLessThan(30);
    expect(dedupe([a, b].map((text) => ({ source: 's', text }))).keep).toEqual([true, true]);
  });

  it('is deterministic and order-sensitive only in which copy it keeps', () => {
    const rng = new Rng(3);
    const base = randomDoc(rng, 200);
    const docs = [mutate(base, 2), base].map((w) => ({ source: 's', text: w.join(' ') }));
    expect(dedupe(docs)).toEqual(dedupe(docs));
    expect(dedupe(docs).keep).toEqual([true, false]);
  });
});
