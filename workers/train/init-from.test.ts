// Starting a run from another run's finished stage: a two-stage recipe started from its one-stage
// prefix's final checkpoint takes exactly the steps the uninterrupted two-stage run takes (same
// losses), and a checkpoint that does not match (mid-stage, another seed, another first stage,
// nothing left to train) is refused naming what differs.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { parseRecipe, type RecipeInput } from '../../src/core/recipe/recipe';
import type { MetricsEvent, TrainEvent } from '../../src/contract/train';
import { registerEngineKernels } from '../model/kernels';
import { memoryCorpora } from './memory-corpora';
import { runTraining } from './run';
import { initFromProblems } from './init-from';
import type { RunCheckpoint } from './run-checkpoint';

const prose = Array.from(
  { length: 50 },
  (_, i) => `The cat ${i} sat on the mat and the dog ran to the park.`,
);
const code = Array.from({ length: 50 }, (_, i) => `function f${i}(x) {\n  return x * ${i};\n}\n`);
const corpora = memoryCorpora([
  { name: 'prose', kind: 'text', train: prose, heldout: prose.slice(0, 3) },
  { name: 'js', kind: 'code', train: code, heldout: code.slice(0, 3) },
]);

type StageInput = RecipeInput['stages'][number];
const pretrain: StageInput = {
  kind: 'pretrain',
  steps: 4,
  batchSize: 2,
  warmupSteps: 1,
  sources: ['prose', 'js'],
  logEvery: 1,
  evalEvery: 4,
  evalBatches: 1,
};
const instruct: StageInput = {
  kind: 'instruct',
  arm: 'code',
  steps: 4,
  batchSize: 2,
  warmupSteps: 1,
  examples: 20,
  heldoutExamples: 10,
  mineCorpora: false,
  logEvery: 1,
  evalEvery: 4,
  evalBatches: 1,
};
const base = (name: string, stages: RecipeInput['stages'], seed = 5): RecipeInput => ({
  name,
  seed,
  model: { preset: 'nano', nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 10_000 },
  stages,
});

async function train(recipe: RecipeInput, initFrom?: RunCheckpoint) {
  const losses: number[] = [];
  const saved: RunCheckpoint[] = [];
  const { summary, model } = await runTraining({
    recipe: parseRecipe(recipe),
    corpora,
    backend: 'cpu',
    initFrom,
    onEvent: (e: TrainEvent) => {
      if (e.type === 'metrics') losses.push((e as MetricsEvent).loss);
    },
    saveCheckpoint: async (c) => {
      saved.push(c);
      return { name: 'c', bytes: 0 };
    },
  });
  model.dispose();
  return { losses, saved, summary };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerEngineKernels();
  let fakeNow = 0; // one event per step however fast the steps run (the metrics throttle)
  vi.spyOn(performance, 'now').mockImplementation(() => (fakeNow += 1000));
});
afterAll(() => vi.restoreAllMocks());

describe('initFrom', () => {
  it('continues a prefix run exactly as the uninterrupted run', async () => {
    const whole = await train(base('whole', [pretrain, instruct]));
    const parent = await train(base('parent', [pretrain]));
    const end = parent.saved.at(-1)!;
    expect([end.stage, end.step]).toEqual([0, 4]);
    const child = await train(base('child', [pretrain, instruct]), end);
    expect(parent.losses).toEqual(whole.losses.slice(0, 4));
    expect(child.losses).toHaveLength(4); // only the tuning stage runs
    for (const [i, loss] of child.losses.entries()) expect(loss).toBeCloseTo(whole.losses[4 + i], 5);
    expect(child.summary.steps).toBe(4);
    expect(child.summary.tokens).toBe(whole.summary.tokens);
  });

  it('refuses a checkpoint that does not start this recipe, naming what differs', async () => {
    const parent = await train(base('parent', [{ ...pretrain, checkpointEvery: 2 }]));
    const [mid, end] = [parent.saved[0], parent.saved.at(-1)!];
    const child = (stages: RecipeInput['stages'], seed = 5) => parseRecipe(base('child', stages, seed));
    const withEvery = { ...pretrain, checkpointEvery: 2 };
    expect(initFromProblems(child([withEvery, instruct]), end)).toEqual([]);
    expect(initFromProblems(child([withEvery, instruct]), mid).join()).toMatch(/step 2 of stage 0 \(of 4\)/);
    expect(initFromProblems(child([withEvery, instruct], 6), end).join()).toMatch(/seed differs/);
    expect(initFromProblems(child([{ ...withEvery, steps: 8 }, instruct]), end).join()).toMatch(
      /stages\.0 differs/,
    );
    expect(initFromProblems(child([withEvery]), end).join()).toMatch(/nothing to train/);
    await expect(train(base('child', [pretrain, instruct], 6), end)).rejects.toThrow(/cannot start "child"/);
  });
});
