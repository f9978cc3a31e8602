import { describe, expect, it } from 'vitest';
import { appendPoint, emptySeries } from './series';
import { applyTrainEvent, createRunRecord, newRunId, runOfCheckpoint, stageOffsets } from './record';
import { finishedRun, recipe } from './fixtures.test-util';

describe('run records', () => {
  it('fold training events into series, checkpoints and the summary', () => {
    const run = finishedRun();
    expect(run.name).toBe('nano-a');
    expect(run.status).toBe('done');
    expect(run.metrics.loss).toEqual({ x: [4, 8], y: [5.5, 4.5], stride: 1 });
    expect(run.metrics['heldout/world'].y).toEqual([4.8]);
    expect(run.checkpoints).toEqual(['run-a']);
    expect(run.summary?.steps).toBe(8);
  });

  it('lays stages end to end on the step axis', () => {
    const two = { ...recipe, stages: [recipe.stages[0], { ...recipe.stages[0], steps: 5 }] };
    expect(stageOffsets(two)).toEqual([0, 8, 13]);
    const run = createRunRecord({ id: 'r', recipe: two, backend: null });
    applyTrainEvent(run, {
      type: 'eval',
      stage: 1,
      step: 2,
      heldout: { w: { loss: 1, bitsPerByte: 1 } },
      train: {},
    });
    expect(run.metrics['heldout/w'].x).toEqual([10]);
  });

  it('marks a stopped run and an error', () => {
    const run = finishedRun();
    applyTrainEvent(run, { type: 'done', summary: { ...run.summary!, stopped: true } });
    expect(run.status).toBe('stopped');
    applyTrainEvent(run, { type: 'error', message: 'boom' });
    expect(run.status).toBe('failed');
    expect(run.error).toBe('boom');
  });

  it('keeps series under the cap by merging pairs, preserving the mean and the last x', () => {
    const s = emptySeries();
    for (let i = 1; i <= 9; i++) appendPoint(s, i, i * 10, 8);
    // 9 points > cap 8 → pairs (1,2)…(7,8) merged, 9 kept
    expect(s.x).toEqual([2, 4, 6, 8, 9]);
    expect(s.y).toEqual([15, 35, 55, 75, 90]);
    expect(s.stride).toBe(2);
    appendPoint(s, 10, NaN);
    expect(s.x).toHaveLength(5);
  });

  it('finds the newest run that saved a checkpoint, and makes distinct ids', () => {
    const a = finishedRun('a');
    const b = { ...finishedRun('b'), createdAt: '2026-02-01T00:00:00.000Z', checkpoints: ['a'] };
    expect(runOfCheckpoint([a, b], 'a')?.id).toBe('b');
    expect(runOfCheckpoint([a, b], 'zzz')).toBeUndefined();
    expect(newRunId(1, () => 0.5)).not.toBe(newRunId(1, () => 0.25));
  });
});
