// The training benchmark: steady-state tokens/s, ms/step and kernels/step of a model preset on the
// active backend, MFU against a matmul peak measured on the same backend, peak memory (tensors,
// the wasm heap, GPU buffers), threads and adapter: one complete BenchRecord, the same from the
// CLI, the browser bench and the Train page. Synthetic random tokens (speed, not learning), the step
// of ../shared/bench/torch_gpt.py: forward, backward, global-norm clipping, AdamW. One readback
// per timed window (TECH.md §7.1).
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { countParameters, PRESET_NAMES, PRESETS } from '../../src/core/config/model';
import type { BenchRecord, BenchRequest } from '../../src/contract/bench';
import type { AdapterFacts, BackendName } from '../../src/contract/backend';
import { Rng } from '../../src/core/rng';
import { GPT } from '../model/gpt';
import { AdamW } from '../train/optim';
import { precompileTrainingStep } from '../train/precompile';
import { trainStep, type Batch } from '../train/step';
import {
  maxMemory,
  measureMatmulPeak,
  modelFlopsUtilisation,
  profileStep,
  rememberMatmulPeak,
  sampleMemory,
} from '../train/perf-monitor';

export { measureMatmulPeak };

/** What the bench cannot see from tfjs alone: the engine's adapter facts and thread count. */
export interface BenchDevice {
  adapter: AdapterFacts | null;
  threads: number | null;
}

function randomBatch(B: number, T: number, V: number, seed: number): Batch {
  const rng = new Rng(seed);
  const ints = () => Int32Array.from({ length: B * T }, () => rng.int(V));
  return { B, T, idx: ints(), targets: ints(), weights: new Float32Array(B * T).fill(1) };
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new Error(`bench: ${name} must be an integer ≥ ${min} (got ${v})`);
  return v;
}

/** The thread count and adapter as far as tfjs knows them (the engine passes its own facts). */
function defaultDevice(): BenchDevice {
  return { adapter: null, threads: tf.getBackend() === 'wasm' ? getThreadsCount() : null };
}

export async function runBench(
  request: BenchRequest,
  device: BenchDevice = defaultDevice(),
): Promise<BenchRecord> {
  if (!PRESET_NAMES.includes(request.preset))
    throw new Error(
      `bench: preset must be one of ${PRESET_NAMES.join(', ')} (got ${String(request.preset)})`,
    );
  const cfg = PRESETS[request.preset];
  const B = positiveInt('batchSize', request.batchSize, 16);
  const steps = positiveInt('steps', request.steps, 20);
  const warmup = positiveInt('warmupSteps', request.warmupSteps, 3, 0);
  const model = GPT.create(cfg, 1);
  const opt = new AdamW(model.params);
  const batch = randomBatch(B, cfg.blockSize, cfg.vocabSize, 2);
  const step = (s: number) => trainStep(model, opt, [batch], 1e-3, s);
  try {
    await precompileTrainingStep(model, opt, [batch], 1e-3); // webgpu: submit batch, pipelines; else no-op
    for (let s = 0; s < warmup; s++) {
      const r = step(s);
      await r.loss.data();
      tf.dispose([r.loss, r.gradNorm]);
    }
    const profiled = await profileStep(() => step(warmup));
    await profiled.result.loss.data();
    tf.dispose([profiled.result.loss, profiled.result.gradNorm]);
    let peakMemory = { ...sampleMemory(), tensorBytes: profiled.peakTensorBytes };
    const t0 = performance.now();
    let last: tf.Scalar | null = null;
    for (let s = 0; s < steps; s++) {
      const r = step(warmup + 1 + s);
      peakMemory = maxMemory(peakMemory, sampleMemory());
      if (last) last.dispose();
      r.gradNorm.dispose();
      last = r.loss;
    }
    await last!.data();
    last!.dispose();
    const ms = (performance.now() - t0) / steps;
    peakMemory = maxMemory(peakMemory, sampleMemory());
    const tokPerSec = (B * cfg.blockSize) / (ms / 1000);
    const peakGflops = await measureMatmulPeak();
    rememberMatmulPeak(peakGflops);
    return {
      backend: tf.getBackend() as BackendName,
      preset: request.preset,
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
      kernelsPerStep: profiled.kernels,
      mfu: Math.round(modelFlopsUtilisation(cfg, tokPerSec, peakGflops) * 1e4) / 1e4,
      peakGflops: Math.round(peakGflops * 10) / 10,
      peakMemory,
      threads: device.threads,
      adapter: device.adapter,
    };
  } finally {
    opt.dispose();
    model.dispose();
  }
}
