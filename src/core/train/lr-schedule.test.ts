import { describe, expect, it } from 'vitest';
import { learningRate } from './lr-schedule';

describe('learningRate', () => {
  const s = { peak: 1e-3, warmupSteps: 10, totalSteps: 110, minRatio: 0.1 };

  it('warms up linearly to the peak', () => {
    expect(learningRate(s, 0)).toBeCloseTo(1e-4, 12);
    expect(learningRate(s, 4)).toBeCloseTo(5e-4, 12);
    expect(learningRate(s, 9)).toBeCloseTo(1e-3, 12);
  });

  it('decays by a cosine to the floor and stays there', () => {
    expect(learningRate(s, 10)).toBeCloseTo(1e-3, 12);
    expect(learningRate(s, 60)).toBeCloseTo(1e-4 + 0.5 * 9e-4, 12); // half way
    expect(learningRate(s, 110)).toBeCloseTo(1e-4, 12);
    expect(learningRate(s, 500)).toBeCloseTo(1e-4, 12);
  });

  it('is monotone after warm-up', () => {
    for (let i = 10; i < 110; i++) expect(learningRate(s, i + 1)).toBeLessThanOrEqual(learningRate(s, i));
  });
});
