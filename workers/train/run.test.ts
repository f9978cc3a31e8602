// A whole training run on the cpu backend from a recipe: events, a falling loss, a flat tensor
// count, checkpoints, and resuming that continues exactly where an uninterrupted run would be.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '../../src/core/rng';
import { parseRecipe } from '../../src/core/recipe/recipe';
import type { MetricsEvent, TrainEvent } from '../../src/contract/train';
import { registerEngineKernels } from '../model/kernels';
import { memoryCorpora } from './memory-corpora';
import { runTraining } from './run';
import { decodeRunCheckpoint, encodeRunCheckpoint, type RunCheckpoint } from './run-checkpoint';
import { RunControl } from './control';

const rng = new Rng(11);
const words = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'to', 'park', 'with', 'ball'];
const sentence = () =>
  Array.from({ length: 6 + rng.int(6) }, () => words[rng.int(words.length)]).join(' ') + '.';
const story = () => Array.from({ length: 5 }, sentence).join(' ');
const code = (i: number) => `function f${i}(x) {\n  return x * ${i} + ${i % 7};\n}\n`;
const corpora = memoryCorpora([
  {
    name: 'stories',
    kind: 'text',
    train: Array.from({ length: 60 }, story),
    heldout: Array.from({ length: 6 }, story),
  },
  {
    name: 'js',
    kind: 'code',
    train: Array.from({ length: 60 }, (_, i) => code(i)),
    heldout: [code(100), code(101)],
  },
]);

const recipe = (steps: number, extra: Record<string, unknown> = {}) =>
  parseRecipe({
    name: 'tiny',
    seed: 3,
    model: { preset: 'nano', nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 16 },
    tokenizer: { vocabSize: 300, sampleBytes: 20_000 },
    stages: [
      {
        kind: 'pretrain',
        steps,
        batchSize: 4,
        lr: 1e-2,
        warmupSteps: 2,
        sources: ['stories', 'js'],
        mix: { type: 'paper', strategy: 'stepwise-increase' },
        logEvery: 1,
        evalEvery: 10,
        evalBatches: 1,
        ...extra,
      },
    ],
  });

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerEngineKernels();
  // A clock that moves 1 s per reading, so the metrics throttle (at most ~10 events per second)
  // never drops a step's event however fast the steps run.
  let fakeNow = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (fakeNow += 1000));
});
afterAll(() => vi.restoreAllMocks());

describe('runTraining', () => {
  it('trains from a recipe with sane events and a flat tensor count', async () => {
    const events: TrainEvent[] = [];
    const { summary, model } = await runTraining({
      recipe: recipe(30),
      corpora,
      onEvent: (e) => events.push(e),
      backend: 'cpu',
    });
    const metrics = events.filter((e): e is MetricsEvent => e.type === 'metrics');
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(metrics[29].loss).toBeLessThan(metrics[0].loss - 1);
    expect(new Set(metrics.slice(1).map((m) => m.numTensors)).size).toBe(1);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('done');
    expect(events.filter((e) => e.type === 'eval').length).toBe(3);
    expect(summary.final.heldout.stories.loss).toBeGreaterThan(0);
    expect(summary.tokens).toBe(30 * 4 * 16);
    // The mix follows the schedule: 30% code in the first phase, 50% in the last.
    expect(metrics[0].mix.js).toBeCloseTo(0.3);
    expect(metrics[29].mix.js).toBeCloseTo(0.5);
    model.dispose();
  });

  it('resumes from a checkpoint with the same next-step loss as an uninterrupted run', async () => {
    const saved: RunCheckpoint[] = [];
    const uninterrupted: MetricsEvent[] = [];
    const a = await runTraining({
      recipe: recipe(14, { checkpointEvery: 10 }),
      corpora,
      onEvent: (e) => e.type === 'metrics' && uninterrupted.push(e),
      saveCheckpoint: async (c) => {
        saved.push(c);
        return { name: `step-${c.step}`, bytes: 0 };
      },
      backend: 'cpu',
    });
    a.model.dispose();
    const atTen = saved.find((c) => c.step === 10)!;
    const restored = await decodeRunCheckpoint(await encodeRunCheckpoint(atTen)); // through the real file format
    const resumed: MetricsEvent[] = [];
    const b = await runTraining({
      recipe: recipe(14, { checkpointEvery: 10 }),
      corpora,
      onEvent: (e) => e.type === 'metrics' && resumed.push(e),
      resumeFrom: restored,
      backend: 'cpu',
    });
    b.model.dispose();
    expect(resumed[0].step).toBe(11);
    for (let i = 0; i < 4; i++)
      expect(Math.abs(resumed[i].loss - uninterrupted[10 + i].loss)).toBeLessThan(1e-5);
  });

  it('stops when asked and says so', async () => {
    const control = new RunControl();
    const events: TrainEvent[] = [];
    const { summary, model } = await runTraining({
      recipe: recipe(500),
      corpora,
      control,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'metrics' && e.step === 5) control.stop();
      },
      backend: 'cpu',
    });
    expect(summary.stopped).toBe(true);
    expect(summary.steps).toBeLessThan(10);
    model.dispose();
  });

  it('saves a stopped run at the step it stopped, once', async () => {
    const control = new RunControl();
    const saved: number[] = [];
    const { summary, model } = await runTraining({
      recipe: recipe(500, { checkpointEvery: 100 }),
      corpora,
      control,
      onEvent: (e) => e.type === 'metrics' && e.step === 3 && control.stop(),
      saveCheckpoint: async (c) => {
        saved.push(c.step);
        return { name: `step-${c.step}`, bytes: 0 };
      },
      backend: 'cpu',
    });
    model.dispose();
    expect(summary.stopped).toBe(true);
    expect(saved).toEqual([summary.steps]);
  });
});

describe('live mix control and document masking', () => {
  it('applies a mix change at the next step, logs it, checkpoints it, and a resumed run keeps it', async () => {
    const control = new RunControl();
    const events: TrainEvent[] = [];
    const saved: RunCheckpoint[] = [];
    const { model } = await runTraining({
      recipe: recipe(12, { checkpointEvery: 8 }),
      corpora,
      control,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'metrics' && e.step === 4) control.requestMixChange({ codeShare: 0.9 });
      },
      saveCheckpoint: async (c) => {
        saved.push(structuredClone(c));
        return { name: 'x', bytes: 0 };
      },
      backend: 'cpu',
    });
    model.dispose();
    const metrics = events.filter((e): e is MetricsEvent => e.type === 'metrics');
    expect(metrics[3].codeShare).toBeCloseTo(0.3); // stepwise increase, first phase
    expect(metrics[4].codeShare).toBe(0.9);
    expect(metrics[4].mix.js).toBeCloseTo(0.9);
    const change = events.find((e) => e.type === 'mix-change');
    expect(change).toMatchObject({
      step: 5,
      before: { codeShareOverride: null },
      after: { codeShareOverride: 0.9 },
    });
    const atEight = saved.find((c) => c.step === 8)!;
    expect(atEight.stageState.mix.codeShareOverride).toBe(0.9);
    expect(atEight.stageState.mix.log).toHaveLength(1);
    expect(() => control.requestMixChange({ codeShare: 2 })).toThrow(/codeShare must be a share/);

    const resumedEvents: MetricsEvent[] = [];
    const restored = await decodeRunCheckpoint(await encodeRunCheckpoint(atEight));
    const b = await runTraining({
      recipe: recipe(12, { checkpointEvery: 8 }),
      corpora,
      onEvent: (e) => e.type === 'metrics' && resumedEvents.push(e),
      resumeFrom: restored,
      backend: 'cpu',
    });
    b.model.dispose();
    expect(resumedEvents[0].step).toBe(9);
    expect(resumedEvents[0].codeShare).toBe(0.9);
    expect(Math.abs(resumedEvents[0].loss - metrics[8].loss)).toBeLessThan(1e-5);
  });

  it('keeps attention inside documents when the recipe says so, at a different loss', async () => {
    const losses: number[] = [];
    for (const crossDocumentAttention of [true, false]) {
      const events: TrainEvent[] = [];
      const base = recipe(3);
      const r = parseRecipe({
        ...base,
        crossDocumentAttention,
        stages: [{ ...base.stages[0], mix: { type: 'fixed', code: 0.9 } }],
      });
      const { model } = await runTraining({
        recipe: r,
        corpora,
        onEvent: (e) => events.push(e),
        backend: 'cpu',
      });
      model.dispose();
      losses.push(
        events.filter((e): e is MetricsEvent => e.type === 'metrics').reduce((n, m) => n + m.loss, 0),
      );
    }
    expect(losses[0]).not.toBeCloseTo(losses[1], 5);
  });
});
