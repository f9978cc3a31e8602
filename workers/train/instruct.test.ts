// Instruction tuning in the training loop (cpu backend, tiny model): a pretrain stage followed by an
// instruct stage reports the instruct mix and held-out losses per source, the loop's loss counts
// response tokens only (prompt-token logits never reach it), and resuming inside an instruct stage
// continues exactly where an uninterrupted run would be.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '../../src/core/rng';
import { parseRecipe, type InstructStage } from '../../src/core/recipe/recipe';
import { codeShare } from '../../src/core/data/schedule';
import {
  InstructBatcher,
  encodeInstructionSet,
  templateIds,
  type InstructBatch,
} from '../../src/core/data/instruct';
import { BpeTokenizer, trainBpe } from '../../src/core/tokenizer';
import type {
  EvalEvent,
  MetricsEvent,
  ProgressEvent,
  RunSummary,
  TrainEvent,
} from '../../src/contract/train';
import { registerEngineKernels } from '../model/kernels';
import { crossEntropy } from '../model/layers';
import { GPT } from '../model/gpt';
import { memoryCorpora } from './memory-corpora';
import { runTraining, stageSeed } from './run';
import { decodeRunCheckpoint, encodeRunCheckpoint, type RunCheckpoint } from './run-checkpoint';
import { INSTRUCT_SOURCE, instructionSets } from './instruct-data';
import { RunControl } from './control';
import { evalLoss } from './step';

const rng = new Rng(5);
const words = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'to', 'park', 'with', 'ball'];
const story = () =>
  Array.from({ length: 30 }, () => words[rng.int(words.length)]).join(' ') + '. Is it true? Yes.';
const code = (i: number) => `function f${i}(x) {\n  return x * ${i} + ${i % 7};\n}\n`;
const corpora = memoryCorpora([
  { name: 'stories', kind: 'text', train: Array.from({ length: 60 }, story), heldout: [story(), story()] },
  {
    name: 'js',
    kind: 'code',
    train: Array.from({ length: 60 }, (_, i) => code(i)),
    heldout: [code(100), code(101)],
  },
]);

const recipe = (instruct: Record<string, unknown> = {}) =>
  parseRecipe({
    name: 'tiny-two-stage',
    seed: 4,
    model: { preset: 'nano', nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 128 },
    tokenizer: { vocabSize: 400, sampleBytes: 20_000 },
    stages: [
      {
        kind: 'pretrain',
        steps: 4,
        batchSize: 4,
        lr: 1e-2,
        warmupSteps: 1,
        sources: ['stories', 'js'],
        mix: { type: 'fixed', code: 0.25 },
        logEvery: 2,
        evalEvery: 4,
        evalBatches: 1,
      },
      {
        kind: 'instruct',
        arm: 'code',
        steps: 8,
        batchSize: 4,
        lr: 1e-2,
        warmupSteps: 1,
        examples: 48,
        heldoutExamples: 24,
        mix: { type: 'paper', strategy: 'stepwise-decrease' },
        logEvery: 1,
        evalEvery: 8,
        evalBatches: 1,
        checkpointEvery: 5,
        ...instruct,
      },
    ],
  });

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerEngineKernels();
  // A clock that moves 1 s per reading, so the metrics throttle never drops a step's event.
  let fakeNow = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (fakeNow += 1000));
});
afterAll(() => vi.restoreAllMocks());

const metricsOf = (events: TrainEvent[], stage: number) =>
  events.filter((e): e is MetricsEvent => e.type === 'metrics' && e.stage === stage);

describe('an instruct stage after a pretrain stage', () => {
  // One uninterrupted run serves every check; the resume test continues it from a checkpoint.
  const r = recipe();
  const events: TrainEvent[] = [];
  const saved: RunCheckpoint[] = [];
  let summary: RunSummary;
  beforeAll(async () => {
    const run = await runTraining({
      recipe: r,
      corpora,
      onEvent: (e) => events.push(e),
      saveCheckpoint: async (c) => {
        saved.push(structuredClone(c));
        return { name: `s${c.stage}-${c.step}`, bytes: 0 };
      },
      backend: 'cpu',
    });
    run.model.dispose();
    summary = run.summary;
  });

  it('trains on the code arm with the scheduled mix and reports held-out losses per source', () => {
    expect(metricsOf(events, 0).every((m) => m.stageKind === 'pretrain')).toBe(true);
    const it1 = metricsOf(events, 1);
    expect(it1.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(it1.every((m) => m.stageKind === 'instruct' && m.stageSteps === 8 && m.windowSteps === 1)).toBe(
      true,
    );
    // The paper's stepwise decrease over 8 steps: 2 steps each at 50, 40, 30, 30 % code.
    expect(it1.map((m) => m.scheduledCodeShare)).toEqual(
      [0.5, 0.4, 0.3, 0.3].flatMap((s) => [s, s]).map((s) => expect.closeTo(s, 12)),
    );
    expect(Object.keys(it1[0].mix).sort()).toEqual(['instruct/code', 'instruct/text']);
    // Rows follow the share to within a row per step, and exactly over the stage (4 rows × 8 steps).
    for (const m of it1)
      expect(Math.abs(m.realisedCodeShare - m.scheduledCodeShare)).toBeLessThanOrEqual(0.25);
    const codeRows = it1.reduce((n, m) => n + m.rowsBySource['instruct/code'], 0);
    expect(codeRows).toBe(Math.round(4 * 2 * (0.5 + 0.4 + 0.3 + 0.3)));
    // Loss tokens are response tokens: both kinds counted, fewer than the rows' positions.
    const tokens = it1.at(-1)!.tokensBySource;
    expect(tokens['instruct/code']).toBeGreaterThan(0);
    expect(tokens['instruct/text'] + tokens['instruct/code']).toBeLessThan(8 * 4 * 128);
    expect(it1.at(-1)!.loss).toBeLessThan(it1[0].loss);

    const progress = events.find((e): e is ProgressEvent => e.type === 'progress' && e.phase === 'instruct');
    expect(progress?.message).toMatch(/code arm: 48 examples \(14 code\)/);
    const evals = events.filter((e): e is EvalEvent => e.type === 'eval' && e.stage === 1);
    expect(evals.map((e) => [e.step, e.stageKind])).toEqual([[8, 'instruct']]);
    const keys = Object.keys(evals[0].heldout).sort();
    expect(keys).toEqual(
      expect.arrayContaining(['stories', 'js', 'instruct/text', 'instruct/code', 'instruct/logic']),
    );
    for (const k of keys) expect(evals[0].heldout[k].loss).toBeGreaterThan(0);
    expect(summary.final.heldout['instruct/code'].bitsPerByte).toBeGreaterThan(0);
    expect(summary.steps).toBe(12);
    expect(summary.tokens).toBe(12 * 4 * 128);
  });

  it("the loop's first instruct loss is the masked loss of the first batch under the pre-trained weights", async () => {
    const pretrained = saved.find((c) => c.stage === 0 && c.step === 4)!;
    const tokenizer = BpeTokenizer.fromJSON(pretrained.tokenizer);
    const stage = r.stages[1] as InstructStage;
    const seed = stageSeed(r, 1);
    const { train } = instructionSets(stage, seed);
    const batcher = new InstructBatcher(encodeInstructionSet(tokenizer, train), {
      B: 4,
      T: 128,
      seed,
      padId: templateIds(tokenizer).pad,
    });
    const { batch } = batcher.nextForShare(codeShare(stage.mix!, 0, 8));
    const before = GPT.fromWeights(pretrained.config, pretrained.params);
    const masked = await lossOf(before, batch);
    const unmasked = await lossOf(before, { ...batch, weights: new Float32Array(batch.B * batch.T).fill(1) });
    before.dispose();
    const first = metricsOf(events, 1)[0].loss;
    expect(Math.abs(first - masked)).toBeLessThan(1e-4);
    expect(Math.abs(first - unmasked)).toBeGreaterThan(1e-3);
  });

  it('resumes inside the instruct stage with the same next-step losses as an uninterrupted run', async () => {
    const atFive = saved.find((c) => c.stage === 1 && c.step === 5)!;
    expect(atFive.stageState.mix.schedule).toEqual({ type: 'paper', strategy: 'stepwise-decrease' });
    const restored = await decodeRunCheckpoint(await encodeRunCheckpoint(atFive)); // the real file format
    const resumed: TrainEvent[] = [];
    const b = await runTraining({
      recipe: r,
      corpora,
      onEvent: (e) => resumed.push(e),
      resumeFrom: restored,
      backend: 'cpu',
    });
    b.model.dispose();
    const [want, got] = [metricsOf(events, 1).slice(5), metricsOf(resumed, 1)];
    expect(got.map((m) => m.step)).toEqual([6, 7, 8]);
    got.forEach((m, i) => {
      expect(Math.abs(m.loss - want[i].loss)).toBeLessThan(1e-5);
      expect(m.rowsBySource).toEqual(want[i].rowsBySource);
    });
    expect(got.at(-1)!.tokensBySource).toEqual(want.at(-1)!.tokensBySource);
  });
});

describe('the text arm', () => {
  it('draws only text instructions, even under a live code share, and is scored on the same held-out set', async () => {
    const base = recipe();
    const r = parseRecipe({
      ...base,
      stages: [
        { ...base.stages[0], steps: 1 },
        { ...base.stages[1], arm: 'text', mix: undefined, steps: 3, evalEvery: 3, checkpointEvery: 0 },
      ],
    });
    const control = new RunControl();
    const events: TrainEvent[] = [];
    const { model } = await runTraining({
      recipe: r,
      corpora,
      control,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'metrics' && e.stage === 1 && e.step === 1)
          control.requestMixChange({ codeShare: 0.5 });
      },
      backend: 'cpu',
    });
    model.dispose();
    const m = metricsOf(events, 1);
    expect(m.map((x) => x.codeShare)).toEqual([0, 0.5, 0.5]); // the override is recorded...
    for (const x of m) {
      expect(x.rowsBySource).toEqual({ 'instruct/text': 4 }); // ...but the arm has no code to draw
      expect(x.scheduledCodeShare).toBe(0);
      expect(x.realisedCodeShare).toBe(0);
    }
    const evals = events.filter((e): e is EvalEvent => e.type === 'eval' && e.stage === 1);
    expect(evals[0].heldout['instruct/code'].loss).toBeGreaterThan(0);
    expect(evals[0].train['instruct/code']).toBeUndefined();
    expect(evals[0].train['instruct/text'].loss).toBeGreaterThan(0);
  });
});

/** Masked mean loss of `model` on `batch` (attention spans the row, as the recipe's default). */
async function lossOf(model: GPT, batch: InstructBatch | Omit<InstructBatch, 'segments'>): Promise<number> {
  const loss = evalLoss(model, { ...batch, segments: undefined });
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
}

describe('the response-only loss mask', () => {
  const tokenizer = trainBpe(['byte level: no merges'], { vocabSize: 261 });
  const ids = templateIds(tokenizer);
  const stage = recipe().stages[1] as InstructStage;
  const { train } = instructionSets(stage, 9);
  const batch = new InstructBatcher(encodeInstructionSet(tokenizer, train), {
    B: 3,
    T: 96,
    seed: 2,
    padId: ids.pad,
  }).nextForShare(0.5).batch;

  it('weights exactly the response tokens and the closing <|end|> of every packed example', () => {
    // Read off the tokens alone: a target counts from after <|assistant|> up to its <|end|>.
    let responses = 0;
    for (let r = 0; r < batch.B; r++) {
      let inResponse = false;
      for (let t = 0; t < batch.T; t++) {
        const [input, target, w] = [
          batch.idx[r * 96 + t],
          batch.targets[r * 96 + t],
          batch.weights[r * 96 + t],
        ];
        if (input === ids.assistant) inResponse = true;
        expect(w).toBe(inResponse ? 1 : 0);
        if (inResponse && target === ids.end) inResponse = false;
        responses += w;
      }
    }
    expect(responses).toBeGreaterThan(20);
    const prompts = batch.weights.filter((w, i) => w === 0 && batch.targets[i] !== ids.pad).length;
    expect(prompts).toBeGreaterThan(20);
  });

  it('prompt-token logits get no gradient and changing their targets leaves the model loss unchanged', async () => {
    const N = batch.B * batch.T;
    const V = tokenizer.vocabSize;
    const logits = tf.randomNormal([N, V], 0, 1, 'float32', 3) as tf.Tensor2D;
    const targets = tf.tensor1d(batch.targets, 'int32');
    const weights = tf.tensor1d(batch.weights, 'float32');
    const grad = tf.grad((z: tf.Tensor) => crossEntropy(z as tf.Tensor2D, targets, weights))(logits);
    const rowNorms = await tf.sum(tf.abs(grad), 1).data();
    tf.dispose([logits, targets, weights, grad]);
    for (let i = 0; i < N; i++) {
      if (batch.weights[i] === 0) expect(rowNorms[i]).toBe(0);
      else expect(rowNorms[i]).toBeGreaterThan(0);
    }

    const model = GPT.create(
      { vocabSize: V, blockSize: 96, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0, queryLayer: false },
      1,
    );
    const base = await lossOf(model, batch);
    const promptTargetsChanged = new Int32Array(batch.targets);
    const responseTargetChanged = new Int32Array(batch.targets);
    batch.weights.forEach((w, i) => {
      if (w === 0) promptTargetsChanged[i] = (batch.targets[i] + 7) % V;
    });
    const firstResponse = batch.weights.indexOf(1);
    responseTargetChanged[firstResponse] = (batch.targets[firstResponse] + 7) % V;
    expect(await lossOf(model, { ...batch, targets: promptTargetsChanged })).toBe(base);
    expect(await lossOf(model, { ...batch, targets: responseTargetChanged })).not.toBe(base);
    model.dispose();
  });
});

describe('instruction sets', () => {
  it('the held-out set is the same for both arms and shares no instruction with either', () => {
    const stage = recipe().stages[1] as InstructStage;
    const code = instructionSets(stage, 3);
    const text = instructionSets({ ...stage, arm: 'text' }, 3);
    expect(code.heldout).toEqual(text.heldout);
    expect(code.heldout.length).toBeGreaterThan(15);
    expect(code.heldout.some((ex) => ex.kind === 'code')).toBe(true);
    const trained = new Set([...code.train, ...text.train].map((ex) => ex.instruction));
    expect(code.heldout.filter((ex) => trained.has(ex.instruction))).toEqual([]);
    expect(text.train.every((ex) => ex.kind === 'text')).toBe(true);
    expect(code.train.filter((ex) => ex.kind === 'code')).toHaveLength(Math.round(0.3 * 48));
    expect(INSTRUCT_SOURCE).toEqual({ text: 'instruct/text', code: 'instruct/code' });
  });
});

describe('family weights', () => {
  it('put only the weighted families into the training and held-out sets of both arms, in proportion', () => {
    const stage = recipe({ examples: 40, heldoutExamples: 20, families: { analogy: 3, logic: 1 } })
      .stages[1] as InstructStage;
    const { train, heldout } = instructionSets(stage, 3);
    const text = instructionSets({ ...stage, arm: 'text' }, 3).train;
    for (const set of [train, heldout, text])
      expect(new Set(set.map((ex) => ex.task))).toEqual(new Set(['analogy', 'logic']));
    expect(train.filter((ex) => ex.task === 'analogy')).toHaveLength(30);
    expect(text.filter((ex) => ex.task === 'logic')).toHaveLength(10);
    expect(train.some((ex) => ex.kind === 'code')).toBe(true);
    expect(
      new Set(instructionSets(recipe().stages[1] as InstructStage, 3).train.map((ex) => ex.task)),
    ).toEqual(new Set(['logic', 'law', 'science', 'analogy', 'general']));
  });
});
