// Run charts from events: two stages share one step axis, per-source losses pair train with
// held-out (family keys left out), the planned schedule follows the paper's phases, and the lists
// (mix changes, samples, checkpoints) come out in order.
import { describe, expect, it } from 'vitest';
import type { EvalEvent, MetricsEvent, TrainEvent } from '../../contract/train';
import {
  checkpoints,
  currentStage,
  lastMixChange,
  latestSamples,
  lossChart,
  mixChanges,
  mixChart,
  shareAfter,
  stageOffsets,
} from './run-charts';

const metrics = (stage: number, step: number, loss: number, asked: number, got: number): MetricsEvent =>
  ({
    type: 'metrics',
    stage,
    stageKind: stage === 0 ? 'pretrain' : 'instruct',
    step,
    loss,
    lr: 0.01,
    codeShare: asked,
    scheduledCodeShare: asked,
    realisedCodeShare: got,
  }) as MetricsEvent;
const evalAt = (stage: number, step: number): EvalEvent => ({
  type: 'eval',
  stage,
  step,
  heldout: { world: { loss: 3, bitsPerByte: 1 }, 'instruct/logic': { loss: 2, bitsPerByte: 1 } },
  train: { world: { loss: 2.5, bitsPerByte: 1 } },
});
const recipe = {
  stages: [
    { steps: 8, mix: { type: 'paper' as const, strategy: 'stepwise-increase' as const } },
    { steps: 4 },
  ],
} as unknown as Parameters<typeof stageOffsets>[0];

describe('run charts', () => {
  it('puts stages on one step axis', () => {
    expect(stageOffsets(recipe)).toEqual([0, 8]);
    expect(stageOffsets(null)).toEqual([]);
    const events: TrainEvent[] = [metrics(0, 2, 5, 0.3, 0.25), metrics(1, 2, 4, 0.3, 0.5)];
    expect(lossChart(events, [0, 8]).data[0]).toEqual([2, 10]);
  });

  it('pairs per-source train and held-out losses, leaving out instruction families', () => {
    const chart = lossChart([metrics(0, 2, 5, 0.3, 0.3), evalAt(0, 4)], [0]);
    expect(chart.series.map((s) => s.label)).toEqual(['train (batch)', 'world train', 'world held-out']);
    expect(chart.series[2].dash).toBeDefined();
    expect(chart.data).toEqual([
      [2, 4],
      [5, null],
      [null, 2.5],
      [null, 3],
    ]);
  });

  it('charts the planned schedule (PAPER.md: 30, 30, 40, 50 % code) against asked and realised', () => {
    const chart = mixChart([metrics(0, 2, 5, 0.3, 0.25)], recipe, [0, 8]);
    const [xs, planned, asked, realised] = chart.data;
    const at = (x: number) => planned[xs.indexOf(x)];
    // Step s (0-based) is drawn where it completes, at s + 1.
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(at).map((v) => Math.round(v!))).toEqual([
      30, 30, 30, 30, 40, 40, 50, 50,
    ]);
    expect(asked[xs.indexOf(2)]).toBeCloseTo(30);
    expect(realised[xs.indexOf(2)]).toBeCloseTo(25);
  });

  it('lists mix changes, samples and checkpoints', () => {
    const setting = (o: number | null) => ({
      schedule: { type: 'paper' as const, strategy: 'stepwise-increase' as const },
      codeShareOverride: o,
    });
    const events: TrainEvent[] = [
      { type: 'mix-change', stage: 1, step: 3, before: setting(null), after: setting(0.8) },
      { type: 'sample', stage: 0, step: 1, prompt: 'a', text: 'x' },
      { type: 'sample', stage: 0, step: 2, prompt: 'a', text: 'y' },
      { type: 'checkpoint', stage: 0, step: 8, name: 'r', bytes: 10 },
      metrics(1, 4, 3, 0.8, 0.7),
    ];
    expect(mixChanges(events, [0, 8])).toEqual([
      {
        stage: 1,
        step: 3,
        globalStep: 11,
        before: 'schedule — stepwise increase: text:code 7:3, 7:3, 6:4, 5:5',
        after: 'fixed 80% code (slider)',
      },
    ]);
    expect(latestSamples(events, 1).map((s) => s.text)).toEqual(['y']);
    expect(checkpoints(events).map((c) => c.step)).toEqual([8]);
    expect(currentStage(events)).toEqual({ stage: 1, kind: 'instruct', steps: undefined, codeShare: 0.8 });
    const change = lastMixChange(events, 1)!;
    expect(shareAfter(change, 8)).toBe(0.8);
    expect(lastMixChange(events, 0)).toBeNull();
    // Back to the schedule at step 7 of 8: the last phase of stepwise increase, 5:5.
    const back = { ...change, step: 7, after: setting(null) };
    expect(shareAfter(back, 8)).toBe(0.5);
    expect(shareAfter({ ...back, step: 1 }, 8)).toBe(0.3);
  });
});
