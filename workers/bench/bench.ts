// The training benchmark: steady-state tokens/s, ms/step and kernels/step of a model preset on the
// active backend, plus MFU against a matmul peak measured on the same backend. Synthetic random
// tokens (speed, not learning), the step of ../shared/bench/torch_gpt.py: forward, backward,
// global-norm clipping, AdamW. One readback per timed window (TECH.md §7.1).
import * as tf from '@tensorflow/tfjs-core';
import {
  countParameters,
  PRESETS,
  trainingFlopsPerToken,
  type ModelConfig,
  type PresetName,
} from '../../src/core/config/model';
import { Rng } from '../../src/core/rng';
import { GPT } from '../model/gpt';
import { AdamW } from '../train/optim';
import { trainStep, type Batch } from '../train/step';

export interface BenchOptions {
  preset: PresetName;
  batchSize?: number;
  steps?: number;
  warmupSteps?: number;
}

export interface BenchResult {
  backend: string;
  preset: PresetName;
  config: Pick<ModelConfig, 'vocabSize' | 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd'> & { batchSize: number };
  params: number;
  tokPerSec: number;
  msPerStep: number;
  kernelsPerStep: number;
  /** Model FLOPs utilisation against `peakGflops` (a measured 2-D matmul peak on this backend). */
  mfu: number;
  peakGflops: number;
}

function randomBatch(B: number, T: number, V: number, seed: number): Batch {
  const rng = new Rng(seed);
  const ints = () => Int32Array.from({ length: B * T }, () => rng.int(V));
  return { B, T, idx: ints(), targets: ints(), weights: new Float32Array(B * T).fill(1) };
}

/** GFLOP/s of a square 2-D matmul (n = 512), the best of a few timed runs. */
export async function measureMatmulPeak(n = 512, repeats = 5): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  let best = Infinity;
  for (let r = 0; r < repeats + 1; r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const ms = performance.now() - t0;
    c.dispose();
    if (r > 0) best = Math.min(best, ms); // the first run pays for compilation / operator creation
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (best / 1000) / 1e9;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const cfg = PRESETS[options.preset];
  const B = options.batchSize ?? 16;
  const steps = options.steps ?? 20;
  const warmup = options.warmupSteps ?? 3;
  const model = GPT.create(cfg, 1);
  const opt = new AdamW(model.params);
  const batch = randomBatch(B, cfg.blockSize, cfg.vocabSize, 2);
  const step = (s: number) => {
    const r = trainStep(model, opt, [batch], 1e-3, s);
    return r;
  };
  for (let s = 0; s < warmup; s++) {
    const r = step(s);
    await r.loss.data();
    tf.dispose([r.loss, r.gradNorm]);
  }
  const profile = await tf.profile(async () => {
    const r = step(warmup);
    await r.loss.data();
    tf.dispose([r.loss, r.gradNorm]);
  });
  const t0 = performance.now();
  let last: tf.Scalar | null = null;
  for (let s = 0; s < steps; s++) {
    const r = step(warmup + 1 + s);
    if (last) last.dispose();
    r.gradNorm.dispose();
    last = r.loss;
  }
  await last!.data();
  last!.dispose();
  const ms = (performance.now() - t0) / steps;
  const tokPerSec = (B * cfg.blockSize) / (ms / 1000);
  const peakGflops = await measureMatmulPeak();
  const flops = trainingFlopsPerToken(cfg) * tokPerSec;
  opt.dispose();
  model.dispose();
  return {
    backend: tf.getBackend(),
    preset: options.preset,
    config: {
      vocabSize: cfg.vocabSize,
      blockSize: cfg.blockSize,
      nLayer: cfg.nLayer,
      nHead: cfg.nHead,
      nEmbd: cfg.nEmbd,
      batchSize: B,
    },
    params: countParameters(cfg),
    tokPerSec: Math.round(tokPerSec),
    msPerStep: Math.round(ms * 10) / 10,
    kernelsPerStep: profile.kernels.length,
    mfu: Math.round((flops / (peakGflops * 1e9)) * 1e4) / 1e4,
    peakGflops: Math.round(peakGflops * 10) / 10,
  };
}
