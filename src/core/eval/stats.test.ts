// Interval estimates against published values: Wilson intervals from Newcombe (1998, Stat. Med. 17,
// Table II, method 3) and two-sided 95% Student-t critical values from standard tables.
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, incompleteBeta, logGamma, studentTQuantile, tInterval, wilson } from './stats';

describe('wilson', () => {
  it('matches Newcombe 1998', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, lo, hi] of cases) {
      const [l, h] = wilson(k, n);
      expect(l).toBeCloseTo(lo, 4);
      expect(h).toBeCloseTo(hi, 4);
    }
  });

  it('is [0, 1] without data and rejects impossible counts', () => {
    expect(wilson(0, 0)).toEqual([0, 1]);
    expect(() => wilson(3, 2)).toThrow(/3 successes out of 2/);
  });
});

describe('Student t', () => {
  it('log-gamma and the incomplete beta hit known values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 10);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 10);
    expect(incompleteBeta(0.2, 2, 3)).toBeCloseTo(0.1808, 10); // 1 - (1-x)^4 - 4x(1-x)^3... = 0.1808
  });

  it('has the tabulated 97.5% quantiles', () => {
    const table: [number, number][] = [
      [1, 12.7062],
      [2, 4.3027],
      [5, 2.5706],
      [10, 2.2281],
      [30, 2.0423],
      [100, 1.984],
    ];
    for (const [df, q] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(q, 3);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.5706, 3);
  });

  it('gives mean ± t·s/√n', () => {
    const r = tInterval([1, 2, 3, 4, 5]); // mean 3, s = √2.5, t(0.975, 4) = 2.7764
    expect(r.mean).toBe(3);
    expect(r.ci95[1] - 3).toBeCloseTo((2.7764 * Math.sqrt(2.5)) / Math.sqrt(5), 3);
    expect(tInterval([0.4]).ci95).toEqual([0.4, 0.4]);
  });
});

describe('bootstrapInterval', () => {
  it('is seeded and brackets the statistic', () => {
    const xs = Array.from({ length: 200 }, (_, i) => (i % 10) / 10);
    const mean = (s: readonly number[]) => s.reduce((a, b) => a + b, 0) / s.length;
    const a = bootstrapInterval(xs, mean, 500, 7);
    expect(bootstrapInterval(xs, mean, 500, 7)).toEqual(a);
    expect(a[0]).toBeLessThan(mean(xs));
    expect(a[1]).toBeGreaterThan(mean(xs));
    expect(a[1] - a[0]).toBeLessThan(0.12);
  });
});
