// A training run from a recipe: prepare the data, build (or restore) the model and optimiser, and
// run each stage's steps with the batcher following the stage's mixing schedule. Losses are read
// back only every `logEvery` steps (one await per window), events are throttled for the UI, and
// the loop yields between steps so pause/stop requests arrive. Everything needed to continue —
// weights, AdamW moments, batcher state, stage and step — goes into checkpoints, so a resumed run
// takes exactly the steps an uninterrupted one would.
import * as tf from '@tensorflow/tfjs-core';
import { Batcher, heldoutBatches, type BatcherState, type TokenSource } from '../../src/core/data/batcher';
import { codeShare, sourceWeights } from '../../src/core/data/schedule';
import { learningRate } from '../../src/core/train/lr-schedule';
import { modelConfigOf, type PretrainStage, type Recipe } from '../../src/core/recipe/recipe';
import { countParameters } from '../../src/core/config/model';
import type { CorpusProvider, EvalEvent, RunSummary, TrainEvent } from '../../src/contract/train';
import type { TokenizerJson } from '../../src/core/tokenizer';
import { GPT } from '../model/gpt';
import { generate } from '../model/generate';
import { AdamW, DEFAULT_ADAMW } from './optim';
import { evalLoss, trainStep } from './step';
import { prepareData, type PreparedData } from './prepare';
import type { RunCheckpoint } from './run-checkpoint';
import { RunControl } from './control';

export interface RunOptions {
  recipe: Recipe;
  corpora: CorpusProvider;
  onEvent: (event: TrainEvent) => void;
  control?: RunControl;
  /** Called with a checkpoint's contents when the recipe asks for one, and at the end. */
  saveCheckpoint?: (checkpoint: RunCheckpoint) => Promise<{ name: string; bytes: number }>;
  /** Continue from this checkpoint instead of starting fresh. */
  resumeFrom?: RunCheckpoint;
  backend: RunSummary['backend'];
}

export interface RunResult {
  summary: RunSummary;
  model: GPT;
  tokenizerJson: TokenizerJson;
}

const METRICS_MIN_INTERVAL_MS = 100; // at most ~10 metrics events per second

export async function runTraining(options: RunOptions): Promise<RunResult> {
  const { recipe, onEvent } = options;
  const control = options.control ?? new RunControl();
  const started = performance.now();
  const sourceNames = [...new Set(recipe.stages.flatMap((s) => s.sources))];
  const data = await prepareData(options.corpora, {
    sourceNames,
    vocabSize: recipe.tokenizer.vocabSize,
    sampleBytes: recipe.tokenizer.sampleBytes,
    tokenizer: options.resumeFrom?.tokenizer,
    onProgress: onEvent,
  });
  const config = modelConfigOf(recipe, data.tokenizer.vocabSize);
  const resume = options.resumeFrom;
  const model = resume ? GPT.fromWeights(config, resume.params) : GPT.create(config, recipe.seed);
  const stage0 = recipe.stages[resume?.stage ?? 0];
  const optimizer = new AdamW(model.params, {
    ...DEFAULT_ADAMW,
    weightDecay: stage0.weightDecay,
    clip: stage0.gradClip,
  });
  if (resume) optimizer.loadState(resume.optimizer);
  let tokens = resume?.tokens ?? 0;
  let lastEval: Pick<EvalEvent, 'heldout' | 'train'> = { heldout: {}, train: {} };
  let totalSteps = 0;
  try {
    for (let stageIndex = resume?.stage ?? 0; stageIndex < recipe.stages.length; stageIndex++) {
      const stage = recipe.stages[stageIndex];
      const resumed = resume && resume.stage === stageIndex ? resume : undefined;
      optimizer.hyper.weightDecay = stage.weightDecay;
      optimizer.hyper.clip = stage.gradClip;
      const result = await runStage({
        stageIndex,
        stage,
        recipe,
        data,
        model,
        optimizer,
        control,
        onEvent,
        startStep: resumed?.step ?? 0,
        batcherState: resumed?.batcher,
        save: options.saveCheckpoint
          ? async (step, batcher) =>
              options.saveCheckpoint!({
                stage: stageIndex,
                step,
                tokens:
                  tokens +
                  (step - (resumed?.step ?? 0)) * stage.batchSize * stage.accumSteps * config.blockSize,
                batcher,
                recipe,
                config,
                tokenizer: data.tokenizer.toJSON(),
                params: await model.exportWeights(),
                optimizer: { ...(await optimizer.exportState()), hyper: { ...optimizer.hyper } },
              })
          : undefined,
      });
      tokens += (result.steps - (resumed?.step ?? 0)) * stage.batchSize * stage.accumSteps * config.blockSize;
      totalSteps += result.steps - (resumed?.step ?? 0);
      lastEval = result.lastEval;
      if (control.stopRequested) break;
    }
  } catch (error) {
    optimizer.dispose();
    model.dispose();
    throw error;
  }
  optimizer.dispose();
  const summary: RunSummary = {
    name: recipe.name,
    backend: options.backend,
    steps: totalSteps,
    tokens,
    wallSeconds: (performance.now() - started) / 1000,
    params: countParameters(config),
    vocabSize: config.vocabSize,
    final: lastEval,
    bytesPerToken: data.bytesPerToken,
    stopped: control.stopRequested,
  };
  onEvent({ type: 'done', summary });
  return { summary, model, tokenizerJson: data.tokenizer.toJSON() };
}

interface StageContext {
  stageIndex: number;
  stage: PretrainStage;
  recipe: Recipe;
  data: PreparedData;
  model: GPT;
  optimizer: AdamW;
  control: RunControl;
  onEvent: (event: TrainEvent) => void;
  startStep: number;
  batcherState?: BatcherState;
  save?: (step: number, batcher: BatcherState) => Promise<{ name: string; bytes: number }>;
}

async function runStage(
  ctx: StageContext,
): Promise<{ steps: number; lastEval: Pick<EvalEvent, 'heldout' | 'train'> }> {
  const { stage, model, optimizer, control, onEvent, data, stageIndex } = ctx;
  const T = model.config.blockSize;
  const sources = data.sources.filter((s) => stage.sources.includes(s.name));
  const mixSources = sources.map((s) => ({ name: s.name, kind: s.kind, size: s.train.length }));
  const naturalShare = (() => {
    const code = mixSources.filter((s) => s.kind === 'code').reduce((n, s) => n + s.size, 0);
    const all = mixSources.reduce((n, s) => n + s.size, 0);
    return all > 0 ? code / all : 0;
  })();
  const schedule = stage.mix ?? { type: 'fixed' as const, code: naturalShare };
  const batcher = new Batcher(
    sources,
    { B: stage.batchSize, T, seed: ctx.recipe.seed * 7919 + stageIndex },
    ctx.batcherState,
  );
  const lr = {
    peak: stage.lr,
    warmupSteps: stage.warmupSteps,
    totalSteps: stage.steps,
    minRatio: stage.minLrRatio,
  };
  const evalSets = buildEvalSets(sources, stage, T);
  let lastEval: Pick<EvalEvent, 'heldout' | 'train'> = { heldout: {}, train: {} };
  const window = {
    loss: tf.variable(tf.scalar(0), false),
    steps: 0,
    rows: {} as Record<string, number>,
    t0: performance.now(),
  };
  let lastNorm: tf.Scalar | null = null;
  let lastMetricsAt = 0;
  let step = ctx.startStep;
  try {
    while (step < stage.steps && !control.stopRequested) {
      await control.waitWhilePaused();
      if (control.stopRequested) break;
      const weights = sourceWeights(
        mixSources,
        control.codeShareOverride ?? codeShare(schedule, step, stage.steps),
      );
      const micro = Array.from({ length: stage.accumSteps }, () => batcher.next(weights));
      for (const m of micro) for (const s of m.rowSources) window.rows[s] = (window.rows[s] ?? 0) + 1;
      const { loss, gradNorm } = trainStep(
        model,
        optimizer,
        micro.map((m) => m.batch),
        learningRate(lr, step),
        ctx.recipe.seed + step,
      );
      tf.tidy(() => window.loss.assign(tf.add(window.loss, loss)));
      loss.dispose();
      lastNorm?.dispose();
      lastNorm = gradNorm;
      window.steps += 1;
      step += 1;
      const last = step === stage.steps;
      if (step % stage.logEvery === 0 || last || control.stopRequested) {
        const [lossSum, norm] = await Promise.all([window.loss.data(), lastNorm.data()]);
        const now = performance.now();
        if (now - lastMetricsAt >= METRICS_MIN_INTERVAL_MS || last) {
          lastMetricsAt = now;
          const meanLoss = lossSum[0] / window.steps;
          const rows = Object.values(window.rows).reduce((a, b) => a + b, 0);
          const realisedMix = Object.fromEntries(
            sources.map((s) => [s.name, (window.rows[s.name] ?? 0) / Math.max(1, rows)]),
          );
          const bpt = sources.reduce((n, s) => n + realisedMix[s.name] * data.bytesPerToken[s.name], 0);
          onEvent({
            type: 'metrics',
            stage: stageIndex,
            stageKind: 'pretrain',
            step,
            loss: meanLoss,
            bitsPerByte: meanLoss / Math.LN2 / Math.max(bpt, 1e-9),
            gradNorm: norm[0],
            lr: learningRate(lr, step - 1),
            tokPerSec: (window.steps * stage.batchSize * stage.accumSteps * T) / ((now - window.t0) / 1000),
            mix: weights,
            realisedMix,
            tokensBySource: batcher.getState().tokens,
            numTensors: tf.memory().numTensors,
            elapsedSec: now / 1000,
          });
        }
        tf.tidy(() => window.loss.assign(tf.scalar(0)));
        window.steps = 0;
        window.rows = {};
        window.t0 = performance.now();
      } else {
        await yieldToEventLoop();
      }
      if (step % stage.evalEvery === 0 || last) {
        lastEval = await evaluate(model, evalSets, data.bytesPerToken);
        onEvent({ type: 'eval', stage: stageIndex, step, ...lastEval });
      }
      if (stage.sampleEvery > 0 && step % stage.sampleEvery === 0) {
        const prompt = 'The ';
        const text = await generate(model, data.tokenizer, prompt, {
          temperature: 0.8,
          topK: 40,
          topP: 0.95,
          maxTokens: 48,
          seed: step,
        });
        onEvent({ type: 'sample', stage: stageIndex, step, prompt, text });
      }
      if (ctx.save && ((stage.checkpointEvery > 0 && step % stage.checkpointEvery === 0) || last)) {
        const saved = await ctx.save(step, batcher.getState());
        onEvent({ type: 'checkpoint', stage: stageIndex, step, ...saved });
      }
    }
  } finally {
    lastNorm?.dispose();
    window.loss.dispose();
  }
  return { steps: step, lastEval };
}

interface EvalSet {
  source: string;
  heldout: ReturnType<typeof heldoutBatches>;
  train: ReturnType<typeof heldoutBatches>;
}

function buildEvalSets(sources: TokenSource[], stage: PretrainStage, T: number): EvalSet[] {
  return sources.map((s) => ({
    source: s.name,
    heldout: heldoutBatches(s, stage.batchSize, T, stage.evalBatches),
    train: heldoutBatches({ ...s, heldout: s.train }, stage.batchSize, T, stage.evalBatches),
  }));
}

async function evaluate(
  model: GPT,
  sets: EvalSet[],
  bytesPerToken: Record<string, number>,
): Promise<Pick<EvalEvent, 'heldout' | 'train'>> {
  const result: Pick<EvalEvent, 'heldout' | 'train'> = { heldout: {}, train: {} };
  for (const set of sets) {
    for (const split of ['heldout', 'train'] as const) {
      const losses = set[split].map((b) => evalLoss(model, b));
      const mean = tf.tidy(() => tf.mean(tf.stack(losses)));
      const loss = (await mean.data())[0];
      tf.dispose([...losses, mean]);
      result[split][set.source] = { loss, bitsPerByte: loss / Math.LN2 / bytesPerToken[set.source] };
    }
  }
  return result;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
