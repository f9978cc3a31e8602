// The schedule designer's model: designs round-trip to schedules, the curve follows the paper's
// phases exactly (checked against PAPER.md's ratios, not the code under test), jumps are drawn on
// both sides when sampled, and point edits keep points sorted, in range and at least two.
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../core/recipe/recipe';
import {
  STRATEGIES,
  addPoint,
  defaultDesign,
  describeSchedule,
  designFromSchedule,
  designProblems,
  designToSchedule,
  movePoint,
  removePoint,
  scheduleCurve,
} from './schedule-form';

describe('designs and schedules', () => {
  it('every strategy makes a schedule the recipe accepts, and reads back the same', () => {
    for (const { id } of STRATEGIES) {
      const s = designToSchedule(defaultDesign(id));
      expect(designProblems(defaultDesign(id))).toEqual([]);
      expect(designToSchedule(designFromSchedule(s))).toEqual(s);
      const recipe = {
        name: 'r',
        model: { preset: 'nano' },
        tokenizer: { vocabSize: 300 },
        stages: [{ kind: 'pretrain', steps: 10, warmupSteps: 0, sources: ['a'], mix: s }],
      };
      expect(parseRecipe(recipe).stages[0].mix).toEqual(s);
    }
  });

  it('reports problems naming the field', () => {
    expect(designProblems({ ...defaultDesign('fixed'), code: 1.2 }, 'stages.0.mix')).toEqual([
      'stages.0.mix.code must be a share from 0 to 1 (got 1.2)',
    ]);
    const unsorted = {
      ...defaultDesign('piecewise'),
      points: [
        [0, 0.1],
        [0.8, 0.2],
        [0.5, 0.3],
      ] as [number, number][],
    };
    expect(designProblems(unsorted)).toEqual([
      'mix.points must be sorted by progress (points[2] comes before points[1])',
    ]);
  });

  it('describes schedules', () => {
    expect(describeSchedule({ type: 'paper', strategy: 'stepwise-increase' })).toBe(
      'stepwise increase: text:code 7:3, 7:3, 6:4, 5:5',
    );
    expect(describeSchedule({ type: 'cosine', from: 0.1, to: 0.5 })).toBe('cosine ramp: 10% → 50% code');
  });
});

describe('scheduleCurve', () => {
  it('gives every step of a short stage, with the paper phases of stepwise increase', () => {
    const curve = scheduleCurve({ type: 'paper', strategy: 'stepwise-increase' }, 8);
    expect(curve.map(([x]) => x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // PAPER.md §2: text:code 7:3, 7:3, 6:4, 5:5 in four equal phases of 2 steps.
    expect(curve.map(([, y]) => y)).toEqual([0.3, 0.3, 0.3, 0.3, 0.4, 0.4, 0.5, 0.5]);
  });

  it('samples a long stage but keeps both sides of each phase jump', () => {
    const curve = scheduleCurve({ type: 'paper', strategy: 'stepwise-decrease' }, 10_000, 50);
    const at = new Map(curve);
    expect(curve.length).toBeLessThan(70);
    expect(at.get(0)).toBe(0.5);
    expect(at.get(2499)).toBe(0.5);
    expect(at.get(2500)).toBe(0.4);
    expect(at.get(4999)).toBe(0.4);
    expect(at.get(5000)).toBeCloseTo(0.3);
    expect(at.get(9999)).toBeCloseTo(0.3);
  });

  it('draws a linear ramp from its start to its end', () => {
    const curve = scheduleCurve({ type: 'linear', from: 0.2, to: 0.6 }, 5);
    expect(curve.map(([, y]) => y)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6].map((v) => expect.closeTo(v, 12)));
  });
});

describe('point edits', () => {
  const pts: [number, number][] = [
    [0, 0.2],
    [0.5, 0.3],
    [1, 0.5],
  ];

  it('moves a point within its neighbours and 0..1, keeping the ends at their progress', () => {
    expect(movePoint(pts, 1, 0.9, 1.4)).toEqual([
      [0, 0.2],
      [0.9, 1],
      [1, 0.5],
    ]);
    expect(movePoint(pts, 1, 1.5, -1)[1]).toEqual([1, 0]);
    expect(movePoint(pts, 0, 0.3, 0.45)[0]).toEqual([0, 0.45]);
    expect(movePoint(pts, 2, 0.1, 0.6)[2]).toEqual([1, 0.6]);
    expect(pts[1]).toEqual([0.5, 0.3]); // the input is not changed
  });

  it('adds a point in the (first) widest gap on the line, and removes down to two', () => {
    expect(addPoint(pts)).toEqual([
      [0, 0.2],
      [0.25, 0.25], // equal gaps: the first
      [0.5, 0.3],
      [1, 0.5],
    ]);
    expect(addPoint(addPoint(pts))[3]).toEqual([0.75, 0.4]);
    expect(removePoint(pts, 1)).toEqual([
      [0, 0.2],
      [1, 0.5],
    ]);
    expect(removePoint(removePoint(pts, 1), 0)).toHaveLength(2);
  });
});
