// Where a training step's time goes, kernel by kernel: wraps every kernel registered for the active
// backend with a wall-clock timer, runs a few steady-state steps of a preset and reports, per kernel
// name, the calls and milliseconds per step. The rest of the step (tape, engine bookkeeping, JS
// between kernels) is reported as `outsideKernelsMs`. Wall time is only meaningful on synchronous
// backends (cpu, wasm); on webgpu it measures encoding, not GPU time.
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS, type PresetName } from '../../src/core/config/model';
import { Rng } from '../../src/core/rng';
import { GPT } from '../model/gpt';
import { AdamW } from '../train/optim';
import { trainStep, type Batch } from '../train/step';
import { countKernels, formatCount, type KernelCount } from './profile-count';

export interface KernelTime {
  name: string;
  callsPerStep: number;
  msPerStep: number;
}

export interface StepProfile {
  backend: string;
  preset: PresetName;
  batchSize: number;
  msPerStep: number;
  kernelsPerStep: number;
  /** What `tf.profile` records for one step (bench.ts's kernelsPerStep), and GPU dispatches. */
  engineCalls: KernelCount;
  outsideKernelsMs: number;
  /** Sorted by time, largest first. */
  kernels: KernelTime[];
}

/** Run `fn` with every kernel of the active backend timed; returns total calls and ms by kernel name. */
export function timeKernels(fn: () => void): Map<string, { calls: number; ms: number }> {
  const backendName = tf.getBackend();
  const totals = new Map<string, { calls: number; ms: number }>();
  const originals = tf.getKernelsForBackend(backendName).map((k) => ({ ...k }));
  for (const k of originals) {
    const inner = k.kernelFunc;
    const entry = { calls: 0, ms: 0 };
    totals.set(k.kernelName, entry);
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const t0 = performance.now();
        const out = inner(args);
        entry.ms += performance.now() - t0;
        entry.calls += 1;
        return out;
      },
    });
  }
  try {
    fn();
  } finally {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backendName);
      tf.registerKernel(k);
    }
  }
  for (const [name, e] of totals) if (e.calls === 0) totals.delete(name);
  return totals;
}

function randomBatch(B: number, T: number, V: number, seed: number): Batch {
  const rng = new Rng(seed);
  const ints = () => Int32Array.from({ length: B * T }, () => rng.int(V));
  return { B, T, idx: ints(), targets: ints(), weights: new Float32Array(B * T).fill(1) };
}

/** Profile `steps` training steps of `preset` (after `warmup` untimed ones) on the active backend. */
export async function profileTrainStep(
  preset: PresetName,
  options: { batchSize?: number; steps?: number; warmup?: number } = {},
): Promise<StepProfile> {
  const cfg = PRESETS[preset];
  const B = options.batchSize ?? 16;
  const steps = options.steps ?? 5;
  const warmup = options.warmup ?? 3;
  const model = GPT.create(cfg, 1);
  const opt = new AdamW(model.params);
  const batch = randomBatch(B, cfg.blockSize, cfg.vocabSize, 2);
  const step = (s: number) => {
    const r = trainStep(model, opt, [batch], 1e-3, s);
    tf.dispose([r.loss, r.gradNorm]);
  };
  for (let s = 0; s < warmup; s++) step(s);
  const engineCalls = await countKernels(() => step(warmup - 1));
  let wall = 0;
  const totals = timeKernels(() => {
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) step(warmup + s);
    wall = performance.now() - t0;
  });
  opt.dispose();
  model.dispose();
  const kernels = [...totals]
    .map(([name, e]) => ({ name, callsPerStep: e.calls / steps, msPerStep: e.ms / steps }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  const inKernels = kernels.reduce((a, k) => a + k.msPerStep, 0);
  return {
    backend: tf.getBackend(),
    preset,
    batchSize: B,
    msPerStep: wall / steps,
    kernelsPerStep: kernels.reduce((a, k) => a + k.callsPerStep, 0),
    engineCalls,
    outsideKernelsMs: wall / steps - inKernels,
    kernels,
  };
}

/** A fixed-width table of a profile, for a terminal. */
export function formatProfile(p: StepProfile): string {
  const lines = [
    `${p.backend} ${p.preset} B=${p.batchSize}: ${p.msPerStep.toFixed(1)} ms/step, ` +
      `${p.kernelsPerStep} kernels/step, ${p.outsideKernelsMs.toFixed(1)} ms outside kernels`,
    `${'kernel'.padEnd(36)} ${'calls'.padStart(6)} ${'ms'.padStart(8)} ${'%'.padStart(6)}`,
  ];
  lines.push(formatCount(p.engineCalls));
  for (const k of p.kernels) {
    lines.push(
      `${k.name.padEnd(36)} ${String(k.callsPerStep).padStart(6)} ${k.msPerStep.toFixed(2).padStart(8)} ` +
        `${((100 * k.msPerStep) / p.msPerStep).toFixed(1).padStart(6)}`,
    );
  }
  return lines.join('\n');
}
