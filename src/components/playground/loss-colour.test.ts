// The loss view's colour scales: ends and middle where they should be, text always readable, and a
// scale top that ignores one outlier.
import { describe, expect, it } from 'vitest';
import { diffScale, lossScale, luminance, readableOn, scaleMax } from './loss-colour';

describe('loss colour scales', () => {
  it('runs white → orange for loss, blue → white → red for a difference, clamped beyond the ends', () => {
    const loss = lossScale([0, 1, 2, 4]);
    expect(loss.max).toBe(4);
    expect(loss.background(0)).toBe('rgb(255, 255, 255)');
    expect(loss.background(4)).toBe('rgb(217, 72, 1)');
    expect(loss.background(40)).toBe(loss.background(4));
    const diff = diffScale([-2, 0.5, 2]);
    expect(diff.background(0)).toBe('rgb(255, 255, 255)');
    expect(diff.background(-2)).toBe('rgb(33, 102, 172)');
    expect(diff.background(2)).toBe('rgb(178, 24, 43)');
    expect(diff.stops[2]).toBe('rgb(255, 255, 255)');
    expect(diff.stops).toHaveLength(5);
  });

  it('picks dark text on pale colours and white text on deep ones', () => {
    expect(readableOn({ r: 255, g: 255, b: 255 })).toBe('#111');
    expect(readableOn({ r: 33, g: 102, b: 172 })).toBe('#fff');
    expect(luminance({ r: 0, g: 0, b: 0 })).toBe(0);
    expect(luminance({ r: 255, g: 255, b: 255 })).toBeCloseTo(1, 10);
  });

  it('tops the scale at the 95th percentile of |values|, never 0', () => {
    const values = [...Array.from({ length: 99 }, () => 1), 50];
    expect(scaleMax(values)).toBe(1);
    expect(scaleMax([0, 0])).toBe(1);
    expect(scaleMax([NaN])).toBe(1);
    expect(scaleMax([-3, 1])).toBe(3);
  });
});
