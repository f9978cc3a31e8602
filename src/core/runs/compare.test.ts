import { describe, expect, it } from 'vitest';
import { compareRuns, describeDelta } from './compare';
import { attachEval } from './record';
import { finishedRun, reportWith } from './fixtures.test-util';

const evaluated = (id: string, acc: Record<string, number>) =>
  attachEval(finishedRun(id), {
    at: '2026-01-01T00:00:00Z',
    checkpoint: id,
    request: {},
    report: reportWith(acc),
  });

describe('compare table', () => {
  const a = evaluated('a', { logic: 0.5, law: 0.25, codeqa: 0.4 });
  const b = evaluated('b', { logic: 0.65, law: 0.25, codeqa: 0.2 });
  const c = finishedRun('c'); // never evaluated

  it('lays tasks × runs out with the average over common tasks and deltas against the baseline', () => {
    const t = compareRuns([a, b, c], 'a');
    expect(t.rows.map((r) => r.task)).toEqual(['logic', 'law', 'codeqa', 'average']);
    expect(t.averageOver).toEqual(['logic', 'law', 'codeqa']);
    const logic = t.rows[0].cells;
    expect(logic[0]).toMatchObject({
      accuracy: 0.5,
      deltaPoints: null,
      direction: null,
      n: 20,
      chance: 0.25,
    });
    expect(logic[1].deltaPoints).toBeCloseTo(15, 10);
    expect(logic[1].direction).toBe('better');
    expect(logic[2]).toMatchObject({ accuracy: null, deltaPoints: null });
    expect(t.rows[1].cells[1].direction).toBe('same');
    expect(t.rows[2].cells[1].direction).toBe('worse');
    const avg = t.rows[3].cells;
    expect(avg[0].accuracy).toBeCloseTo((0.5 + 0.25 + 0.4) / 3, 12);
    expect(avg[1].accuracy).toBeCloseTo((0.65 + 0.25 + 0.2) / 3, 12);
    expect(avg[1].deltaPoints).toBeCloseTo(100 * ((0.65 + 0.25 + 0.2) / 3 - (0.5 + 0.25 + 0.4) / 3), 10);
  });

  it('averages only over tasks every evaluated run has, and takes the newest report', () => {
    const d = evaluated('d', { logic: 1 });
    attachEval(d, {
      at: '2026-01-02T00:00:00Z',
      checkpoint: 'd',
      request: {},
      report: reportWith({ logic: 0, law: 1 }),
    });
    const t = compareRuns([a, d], null);
    expect(t.baselineId).toBeNull();
    expect(t.averageOver).toEqual(['logic', 'law']);
    expect(t.rows.at(-1)!.cells[1].accuracy).toBeCloseTo(0.5, 12);
    expect(t.rows.at(-1)!.cells.every((c) => c.deltaPoints === null)).toBe(true);
  });

  it('describes a difference in words', () => {
    expect(describeDelta(12.34)).toBe('+12.3 points vs the baseline');
    expect(describeDelta(-3)).toBe('−3.0 points vs the baseline');
    expect(describeDelta(0.2)).toBe('about the same as the baseline');
    expect(describeDelta(null)).toBe('');
  });
});
