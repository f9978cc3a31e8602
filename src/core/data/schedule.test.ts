import { describe, expect, it } from 'vitest';
import { codeShare, paperPhase, sourceWeights, validateSchedule, type MixSchedule } from './schedule';

describe('mixing schedules', () => {
  it("gives the paper's four phases exactly", () => {
    const total = 400;
    const at = (strategy: 'uniform' | 'stepwise-increase' | 'stepwise-decrease') =>
      [0, 100, 200, 300].map((s) => codeShare({ type: 'paper', strategy }, s, total));
    expect(at('uniform')).toEqual([3 / 8, 3 / 8, 3 / 8, 3 / 8]);
    expect(at('stepwise-increase')).toEqual([0.3, 0.3, 0.4, 0.5]);
    expect(at('stepwise-decrease')).toEqual([0.5, 0.4, 0.3, 0.3]);
    expect([0, 99, 100, 199, 200, 299, 300, 399].map((s) => paperPhase(s, total))).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3,
    ]);
  });

  it('ramps linearly and by a cosine between its ends', () => {
    const lin: MixSchedule = { type: 'linear', from: 0.1, to: 0.5 };
    const cos: MixSchedule = { type: 'cosine', from: 0.1, to: 0.5 };
    expect(codeShare(lin, 0, 101)).toBeCloseTo(0.1);
    expect(codeShare(lin, 50, 101)).toBeCloseTo(0.3);
    expect(codeShare(lin, 100, 101)).toBeCloseTo(0.5);
    expect(codeShare(cos, 50, 101)).toBeCloseTo(0.3);
    expect(codeShare(cos, 25, 101)).toBeLessThan(codeShare(lin, 25, 101));
  });

  it('interpolates custom piecewise points', () => {
    const pw: MixSchedule = {
      type: 'piecewise',
      points: [
        [0, 0],
        [0.5, 0.6],
        [1, 0.2],
      ],
    };
    expect(codeShare(pw, 0, 11)).toBeCloseTo(0);
    expect(codeShare(pw, 5, 11)).toBeCloseTo(0.6);
    expect(codeShare(pw, 10, 11)).toBeCloseTo(0.2);
    expect(codeShare(pw, 8, 11)).toBeCloseTo(0.6 - 0.4 * 0.6);
  });

  it('splits shares over sources by kind and size', () => {
    const w = sourceWeights(
      [
        { name: 'a', kind: 'text', size: 3 },
        { name: 'b', kind: 'text', size: 1 },
        { name: 'c', kind: 'code', size: 5 },
      ],
      0.4,
    );
    expect(w.a).toBeCloseTo(0.45);
    expect(w.b).toBeCloseTo(0.15);
    expect(w.c).toBeCloseTo(0.4);
    expect(sourceWeights([{ name: 'a', kind: 'text', size: 1 }], 0.4)).toEqual({ a: 1 });
  });

  it('rejects impossible schedules with messages naming the field', () => {
    expect(validateSchedule({ type: 'fixed', code: 1.5 })[0]).toMatch(/mix.code must be a share/);
    expect(validateSchedule({ type: 'paper', strategy: 'sideways' as never })[0]).toMatch(/mix.strategy/);
    expect(
      validateSchedule({
        type: 'piecewise',
        points: [
          [0.5, 0.1],
          [0.2, 0.3],
        ],
      })[0],
    ).toMatch(/sorted/);
    expect(validateSchedule({ type: 'piecewise', points: [[0, 0.1]] })[0]).toMatch(/at least two/);
    expect(validateSchedule({ type: 'linear', from: 0, to: 1 })).toEqual([]);
  });
});
