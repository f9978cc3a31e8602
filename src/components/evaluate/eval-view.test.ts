import { describe, expect, it } from 'vitest';
import type { ItemReport } from '../../contract/eval';
import { barGeometry, filterItems, interval, pct, predictionText, verdict } from './eval-view';

const item = (over: Partial<ItemReport>): ItemReport => ({
  id: 'x',
  task: 'logic',
  level: 1,
  format: 'mc',
  prompt: 'p',
  options: ['True', 'False', 'Unknown'],
  scores: [-1, -2, -3],
  prediction: 1,
  correct: false,
  chance: 1 / 3,
  ...over,
});

describe('evaluation display helpers', () => {
  it('formats percentages and intervals', () => {
    expect(pct(0.4567)).toBe('45.7%');
    expect(interval([0.3125, 0.58])).toBe('[31.3%, 58.0%]');
  });

  it('places the bar, interval and chance mark on a clamped 0–100 scale', () => {
    const g = barGeometry({ accuracy: 0.5, ci95: [0.25, 0.75], chance: 1 / 3 });
    expect([g.value, g.low, g.high]).toEqual([50, 25, 75]);
    expect(g.chance).toBeCloseTo(100 / 3, 10);
    expect(barGeometry({ accuracy: 1.2, ci95: [-0.1, 1], chance: 0 }).value).toBe(100);
  });

  it('says where a row stands against chance', () => {
    expect(verdict({ n: 10, aboveChance: true, ci95: [0.5, 0.9], chance: 0.25 })).toBe('above chance');
    expect(verdict({ n: 10, aboveChance: false, ci95: [0.0, 0.2], chance: 0.25 })).toBe('below chance');
    expect(verdict({ n: 10, aboveChance: false, ci95: [0.1, 0.6], chance: 0.25 })).toBe(
      'not distinguishable from chance',
    );
    expect(verdict({ n: 0, aboveChance: false, ci95: [0, 1], chance: 0.25 })).toBe('no items');
  });

  it('filters items by task, level and outcome, and shows predictions as text', () => {
    const items = [
      item({ id: 'a' }),
      item({ id: 'b', level: 2, correct: true }),
      item({ id: 'c', task: 'law' }),
    ];
    expect(filterItems(items, { task: 'logic', level: 'all', outcome: 'all' }).map((i) => i.id)).toEqual([
      'a',
      'b',
    ]);
    expect(filterItems(items, { task: 'all', level: 2, outcome: 'all' }).map((i) => i.id)).toEqual(['b']);
    expect(filterItems(items, { task: 'all', level: 'all', outcome: 'wrong' }).map((i) => i.id)).toEqual([
      'a',
      'c',
    ]);
    expect(predictionText(items[0])).toBe('False');
    expect(predictionText(item({ format: 'codegen', prediction: 'return 1;' }))).toBe('return 1;');
  });
});
