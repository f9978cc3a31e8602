import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('repeats exactly for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('resumes from a saved state', () => {
    const a = new Rng(7);
    a.next();
    const saved = a.getState();
    const expected = [a.next(), a.next()];
    const b = new Rng(0);
    b.setState(saved);
    expect([b.next(), b.next()]).toEqual(expected);
  });

  it('gives normals with mean ~0 and variance ~1', () => {
    const xs = new Rng(1).normals(20000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('draws integers uniformly in range', () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[rng.int(4)]++;
    for (const n of counts) expect(Math.abs(n - 2000)).toBeLessThan(200);
  });
});
