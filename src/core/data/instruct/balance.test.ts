import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { balanceStrata, type Stratum } from './balance';

const id = (x: number) => x;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function strata(seed: number, k: number, n: number, m: number): Stratum<number>[] {
  const rng = new Rng(seed);
  return Array.from({ length: k }, (_, s) => ({
    chosen: Array.from({ length: n }, () => 100 * s + rng.int(100)),
    pool: Array.from({ length: m }, () => 100 * s + rng.int(100)),
  }));
}

describe('balanceStrata', () => {
  it('reaches a reachable target within the band, swapping only inside strata', () => {
    for (const seed of [1, 2, 3]) {
      const st = strata(seed, 3, 10, 40);
      const before = st.map((s) => [...s.chosen, ...s.pool].sort((a, b) => a - b));
      const start = sum(st.flatMap((s) => s.chosen));
      const { gap, swaps } = balanceStrata(st, id, -300, 5);
      const end = sum(st.flatMap((s) => s.chosen));
      expect(Math.abs(gap)).toBeLessThanOrEqual(5);
      expect(end - start).toBe(-300 - gap);
      expect(swaps).toBeGreaterThan(0);
      // every stratum still holds the same items (a swap stays inside its stratum)
      st.forEach((s, k) => expect([...s.chosen, ...s.pool].sort((a, b) => a - b)).toEqual(before[k]));
      st.forEach((s, k) => s.chosen.forEach((x) => expect(Math.floor(x / 100)).toBe(k)));
    }
  });

  it('goes as far as it can towards an unreachable target and stops', () => {
    const st: Stratum<number>[] = [{ chosen: [10, 20], pool: [5, 30, 40] }];
    const { gap } = balanceStrata(st, id, -1000, 1);
    expect(st[0].chosen.sort((a, b) => a - b)).toEqual([5, 10]); // the two smallest
    expect(gap).toBe(-1000 + 15);
  });

  it('does nothing inside the band, and each swap shrinks the gap', () => {
    const st = strata(4, 2, 5, 10);
    const copy = structuredClone(st);
    expect(balanceStrata(st, id, 3, 5)).toEqual({ gap: 3, swaps: 0 });
    expect(st.map((s) => s.chosen)).toEqual(copy.map((s) => s.chosen));
    const { gap } = balanceStrata(st, id, 57, 0);
    expect(Math.abs(gap)).toBeLessThan(57);
  });
});
