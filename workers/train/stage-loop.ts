// The training loop of one stage, the same for pre-training and instruction tuning: each step takes
// the code share the schedule (or a live override) gives, draws micro-batches accordingly (their
// weights are the loss mask: all ones for corpora, responses only for instructions), and runs
// forward, backward and AdamW. Losses are read back once per `logEvery` steps (one await per
// window); metrics events are throttled to ~10/s (a throttled window carries on into the next
// event, so every step's rows are in exactly one event);
// the loop yields between steps so pause, stop and mix changes arrive. Live mix changes take effect
// at the next step and are recorded (step, before, after) in events and in checkpoints.
import * as tf from '@tensorflow/tfjs-core';
import { codeShare, type MixSchedule } from '../../src/core/data/schedule';
import { learningRate } from '../../src/core/train/lr-schedule';
import type { Stage } from '../../src/core/recipe/recipe';
import type { EvalEvent, MixChangeEvent, MixSetting, TrainEvent } from '../../src/contract/train';
import type { GPT } from '../model/gpt';
import { generate } from '../model/generate';
import type { BpeTokenizer } from '../../src/core/tokenizer';
import type { AdamW } from './optim';
import type { RunControl } from './control';
import type { EvalSet, StageData } from './stage-data';
import { evalLoss, trainStep, type Batch } from './step';
import { nextTask } from '../next-task';
import { precompileTrainingStep } from './precompile';
import { PerfMonitor } from './perf-monitor';

const METRICS_MIN_INTERVAL_MS = 100;

/** The mix in force and how it got there. */
export interface MixState extends MixSetting {
  log: MixChangeEvent[];
}

export interface StageProgress {
  step: number;
  mix: MixState;
  data: unknown;
}

export interface StageLoopOptions {
  stageIndex: number;
  stage: Stage;
  seed: number;
  model: GPT;
  tokenizer: BpeTokenizer;
  optimizer: AdamW;
  control: RunControl;
  data: StageData;
  onEvent: (event: TrainEvent) => void;
  /** Where a resumed stage continues. */
  resume?: { step: number; mix: MixState };
  save?: (progress: StageProgress) => Promise<{ name: string; bytes: number }>;
}

export type Losses = Pick<EvalEvent, 'heldout' | 'train'>;

export async function runStageLoop(o: StageLoopOptions): Promise<{ steps: number; lastEval: Losses }> {
  const { stage, model, optimizer, control, onEvent, data, stageIndex } = o;
  const T = model.config.blockSize;
  const mix: MixState = o.resume?.mix ?? {
    schedule: stage.mix ?? ({ type: 'fixed', code: data.naturalCodeShare } as MixSchedule),
    codeShareOverride: null,
    log: [],
  };
  const lr = {
    peak: stage.lr,
    warmupSteps: stage.warmupSteps,
    totalSteps: stage.steps,
    minRatio: stage.minLrRatio,
  };
  const tokensPerStep = stage.batchSize * stage.accumSteps * T;
  const window = {
    loss: tf.tidy(() => tf.variable(tf.scalar(0), false)),
    steps: 0,
    rows: {} as Record<string, number>,
    shareSum: 0,
    t0: performance.now(),
  };
  let lastNorm: tf.Scalar | null = null;
  let lastMetricsAt = 0;
  let lastEval: Losses = { heldout: {}, train: {} };
  const startStep = o.resume?.step ?? 0;
  let step = startStep;
  // WebGPU: set the submit batch and compile the step's pipelines before step 1 (no-op elsewhere).
  // Blank batches of the run's shapes; the data cursor is not touched.
  const blank = (): Batch => {
    const n = stage.batchSize * T;
    return {
      B: stage.batchSize,
      T,
      idx: new Int32Array(n),
      targets: new Int32Array(n),
      weights: new Float32Array(n).fill(1),
    };
  };
  await precompileTrainingStep(model, optimizer, Array.from({ length: stage.accumSteps }, blank), stage.lr);
  const perf = new PerfMonitor({ stage: stageIndex, config: model.config, tokensPerStep, onEvent });
  let savedStep = -1;
  const saveAt = async (at: number) => {
    const saved = await o.save!({ step: at, mix: structuredClone(mix), data: data.state() });
    savedStep = at;
    onEvent({ type: 'checkpoint', stage: stageIndex, step: at, ...saved });
  };
  try {
    while (step < stage.steps && !control.stopRequested) {
      await control.waitWhilePaused();
      if (control.stopRequested) break;
      applyMixChange(control, mix, stageIndex, step, onEvent);
      const share = mix.codeShareOverride ?? codeShare(mix.schedule, step, stage.steps);
      const weights = data.weightsFor(share);
      const micro = Array.from({ length: stage.accumSteps }, () => data.next(weights));
      for (const m of micro) for (const s of m.rowSources) window.rows[s] = (window.rows[s] ?? 0) + 1;
      // What the weights ask of code sources (0 when the stage has none, e.g. the text arm).
      window.shareSum += data.sources.reduce((n, s) => n + (data.kinds[s] === 'code' ? weights[s] : 0), 0);
      const result = await perf.step(() =>
        trainStep(
          model,
          optimizer,
          micro.map((m) => m.batch),
          learningRate(lr, step),
          o.seed + step,
        ),
      );
      tf.tidy(() => window.loss.assign(tf.add(window.loss, result.loss)));
      result.loss.dispose();
      lastNorm?.dispose();
      lastNorm = result.gradNorm;
      window.steps += 1;
      step += 1;
      const last = step === stage.steps;
      if (step % stage.logEvery === 0 || last || control.stopRequested) {
        const [lossSum, norm] = await Promise.all([window.loss.data(), lastNorm.data()]);
        perf.synced(step, last);
        const now = performance.now();
        if (now - lastMetricsAt >= METRICS_MIN_INTERVAL_MS || last) {
          lastMetricsAt = now;
          const meanLoss = lossSum[0] / window.steps;
          const rows = Object.values(window.rows).reduce((a, b) => a + b, 0);
          const rowsBySource = Object.fromEntries(data.sources.map((s) => [s, window.rows[s] ?? 0]));
          const realisedMix = Object.fromEntries(
            data.sources.map((s) => [s, rowsBySource[s] / Math.max(1, rows)]),
          );
          const codeRows = data.sources.reduce(
            (n, s) => n + (data.kinds[s] === 'code' ? rowsBySource[s] : 0),
            0,
          );
          const bpt = data.sources.reduce((n, s) => n + realisedMix[s] * data.bytesPerToken[s], 0);
          onEvent({
            type: 'metrics',
            stage: stageIndex,
            stageKind: stage.kind,
            step,
            stageSteps: stage.steps,
            windowSteps: window.steps,
            loss: meanLoss,
            bitsPerByte: meanLoss / Math.LN2 / Math.max(bpt, 1e-9),
            gradNorm: norm[0],
            lr: learningRate(lr, step - 1),
            tokPerSec: (window.steps * tokensPerStep) / ((now - window.t0) / 1000),
            codeShare: share,
            mix: weights,
            realisedMix,
            rowsBySource,
            scheduledCodeShare: window.shareSum / window.steps,
            realisedCodeShare: codeRows / Math.max(1, rows),
            tokensBySource: data.tokensBySource(),
            numTensors: tf.memory().numTensors,
            elapsedSec: now / 1000,
          });
          tf.tidy(() => window.loss.assign(tf.scalar(0)));
          window.steps = 0;
          window.rows = {};
          window.shareSum = 0;
          window.t0 = performance.now();
        }
      }
      await nextTask(); // let pause/stop/mix requests in, every step
      if (step % stage.evalEvery === 0 || last) {
        lastEval = await evaluate(model, data.evalSets, data.bytesPerToken);
        onEvent({ type: 'eval', stage: stageIndex, stageKind: stage.kind, step, ...lastEval });
      }
      if (stage.kind === 'pretrain' && stage.sampleEvery > 0 && step % stage.sampleEvery === 0) {
        const prompt = 'The ';
        const sampling = { temperature: 0.8, topK: 40, topP: 0.95, maxTokens: 48, seed: step };
        const text = await generate(model, o.tokenizer, prompt, sampling);
        onEvent({ type: 'sample', stage: stageIndex, step, prompt, text });
      }
      if (o.save && ((stage.checkpointEvery > 0 && step % stage.checkpointEvery === 0) || last)) {
        await saveAt(step);
      }
    }
    // A stopped run keeps the model it stopped with: saved at that step unless it just was.
    if (o.save && control.stopRequested && step > startStep && savedStep !== step) await saveAt(step);
  } finally {
    lastNorm?.dispose();
    window.loss.dispose();
  }
  return { steps: step, lastEval };
}

function applyMixChange(
  control: RunControl,
  mix: MixState,
  stage: number,
  step: number,
  onEvent: (e: TrainEvent) => void,
): void {
  const change = control.takeMixChange();
  if (!change) return;
  const before: MixSetting = { schedule: mix.schedule, codeShareOverride: mix.codeShareOverride };
  if (change.schedule) {
    mix.schedule = change.schedule;
    if (change.codeShare === undefined) mix.codeShareOverride = null; // a new schedule takes over
  }
  if (change.codeShare !== undefined) mix.codeShareOverride = change.codeShare;
  const event: MixChangeEvent = {
    type: 'mix-change',
    stage,
    step: step + 1,
    before,
    after: { schedule: mix.schedule, codeShareOverride: mix.codeShareOverride },
  };
  mix.log.push(event);
  onEvent(event);
}

async function evaluate(model: GPT, sets: EvalSet[], bytesPerToken: Record<string, number>): Promise<Losses> {
  const result: Losses = { heldout: {}, train: {} };
  for (const set of sets) {
    for (const split of ['heldout', 'train'] as const) {
      if (set[split].length === 0) continue;
      const losses = set[split].map((b) => evalLoss(model, b));
      const mean = tf.tidy(() => tf.mean(tf.stack(losses)));
      const loss = (await mean.data())[0];
      tf.dispose([...losses, mean]);
      result[split][set.source] = { loss, bitsPerByte: loss / Math.LN2 / bytesPerToken[set.source] };
    }
  }
  return result;
}
