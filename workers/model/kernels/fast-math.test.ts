// fastExp and fastTanh against Math.exp and Math.tanh over the ranges the kernels use.
import { describe, expect, it } from 'vitest';
import { fastExp, fastTanh } from './fast-math';

describe('fast math', () => {
  it('fastExp is within 1e-8 relative of Math.exp on [−87, 88], and clamps outside', () => {
    let worst = 0;
    for (let x = -87; x <= 88; x += 0.0137) worst = Math.max(worst, Math.abs(fastExp(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(1e-8);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-1000)).toBeCloseTo(Math.exp(-87), 45);
    expect(Number.isFinite(fastExp(1000))).toBe(true);
  });

  it('fastTanh is within 1e-8 absolute of Math.tanh, and saturates to ±1', () => {
    let worst = 0;
    for (let x = -30; x <= 30; x += 0.00731) worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(1e-8);
    expect(fastTanh(100)).toBe(1);
    expect(fastTanh(-100)).toBe(-1);
  });
});
