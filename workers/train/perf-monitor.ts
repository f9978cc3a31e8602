// Speed and memory figures of training steps, for the live Train page and the bench (TECH.md §7):
// kernels per step (tf.profile of one step, whose result is the same as an unprofiled step's),
// memory (tf.memory(), the wasm heap, tfjs's GPU buffers), a measured matmul peak for MFU, and
// `PerfMonitor`, which the training loop feeds each step and which emits a `perf` event at most
// about once a second, timed only over finished work (readbacks) and never over idle waits.
import * as tf from '@tensorflow/tfjs-core';
import { trainingFlopsPerToken, type ModelConfig } from '../../src/core/config/model';
import type { MemoryFigures } from '../../src/contract/bench';
import type { TrainEvent } from '../../src/contract/train';

/** A gap between two steps longer than this is a wait (a pause, an evaluation), not work in flight. */
const IDLE_GAP_MS = 50;

/** What tf.memory() reports on the webgpu backend besides the engine's own counts. */
interface GpuMemoryInfo {
  numBytesInGPU?: number;
  numBytesAllocatedInGPU?: number;
}

/** The engine's memory figures now (bytes; null where the active backend has no such memory). */
export function sampleMemory(): MemoryFigures {
  const m = tf.memory() as tf.MemoryInfo & GpuMemoryInfo;
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  const onWasm = tf.getBackend() === 'wasm' && heap !== undefined;
  return {
    tensorBytes: m.numBytes,
    wasmHeapBytes: onWasm ? heap.buffer.byteLength : null,
    gpuBytesAllocated: m.numBytesAllocatedInGPU ?? null,
    gpuBytesInUse: m.numBytesInGPU ?? null,
  };
}

const maxOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Field-wise maximum of two memory records. */
export function maxMemory(a: MemoryFigures, b: MemoryFigures): MemoryFigures {
  return {
    tensorBytes: Math.max(a.tensorBytes, b.tensorBytes),
    wasmHeapBytes: maxOrNull(a.wasmHeapBytes, b.wasmHeapBytes),
    gpuBytesAllocated: maxOrNull(a.gpuBytesAllocated, b.gpuBytesAllocated),
    gpuBytesInUse: maxOrNull(a.gpuBytesInUse, b.gpuBytesInUse),
  };
}

export interface ProfiledStep<T> {
  result: T;
  /** Kernels the step ran. */
  kernels: number;
  /** The most bytes live tensors held at any kernel of the step. */
  peakTensorBytes: number;
}

/**
 * Run `fn` (one training step) under tf.profile: counts its kernels and its in-step tensor peak.
 * The kernels are the very ones an unprofiled step runs, so the result is identical.
 */
export async function profileStep<T>(fn: () => T): Promise<ProfiledStep<T>> {
  let result: { value: T } | null = null;
  const info = await tf.profile(() => {
    result = { value: fn() };
  });
  if (result === null) throw new Error('profileStep: the profiled step did not run');
  const snapshots = info.kernels.map((k) => k.totalBytesSnapshot);
  return {
    result: (result as { value: T }).value,
    kernels: info.kernels.length,
    peakTensorBytes: Math.max(tf.memory().numBytes, ...snapshots),
  };
}

/**
 * GFLOP/s of a square 2-D matmul (n = 512; 256 on the plain-JS cpu backend, where 512 takes about
 * a second a run): the best of up to `repeats` timed runs after one untimed run (compilation,
 * operator creation), stopping early once `budgetMs` have been timed.
 */
export async function measureMatmulPeak(
  n = tf.getBackend() === 'cpu' ? 256 : 512,
  repeats = 5,
  budgetMs = 1500,
): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  let best = Infinity;
  let timed = 0;
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b); // [n, n]
    await c.data();
    const ms = performance.now() - t0;
    c.dispose();
    if (r === 0) continue;
    best = Math.min(best, ms);
    timed += ms;
    if (r >= 2 && timed > budgetMs) break;
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (Math.max(best, 1e-3) / 1000) / 1e9;
}

const peaks = new Map<string, Promise<number>>();

/** The matmul peak of the active backend, measured once per backend (or taken from the last bench). */
export function matmulPeakGflops(): Promise<number> {
  const backend = tf.getBackend();
  let peak = peaks.get(backend);
  if (!peak) {
    peak = measureMatmulPeak();
    peaks.set(backend, peak);
  }
  return peak;
}

/** Keep a freshly measured peak for the active backend (the bench measures its own). */
export function rememberMatmulPeak(gflops: number): void {
  peaks.set(tf.getBackend(), Promise.resolve(gflops));
}

/** Model FLOPs utilisation of `tokPerSec` on `config` against a peak in GFLOP/s. */
export function modelFlopsUtilisation(config: ModelConfig, tokPerSec: number, peakGflops: number): number {
  return (trainingFlopsPerToken(config) * tokPerSec) / (peakGflops * 1e9);
}

export interface PerfMonitorOptions {
  stage: number;
  config: ModelConfig;
  /** Tokens one optimiser step trains on (batch × accumulation × context). */
  tokensPerStep: number;
  onEvent: (event: TrainEvent) => void;
  /** Least time between two perf events (default 1000 ms). */
  minIntervalMs?: number;
}

/**
 * Watches a stage's training steps. The loop runs each step through `step()` and calls `synced()`
 * after each readback; the first step is profiled (and measures the matmul peak once per backend)
 * and kept out of the timing. Time counts from a step's start to the next readback, plus short
 * gaps between steps (work may be in flight there); long gaps and the time after a readback until
 * the next step (evaluations, samples, checkpoints, pauses) do not count.
 */
export class PerfMonitor {
  private readonly o: PerfMonitorOptions;
  private kernels: number | null = null;
  private peakGflops = 0;
  private peakMemory: MemoryFigures | null = null;
  private busyMs = 0;
  private steps = 0;
  private lastMark: number | null = null;
  private lastEmit = -Infinity;

  constructor(options: PerfMonitorOptions) {
    this.o = options;
  }

  /** Run one training step (synchronous: it enqueues the step's kernels and returns its tensors). */
  async step<T>(fn: () => T): Promise<T> {
    if (this.kernels === null) {
      const profiled = await profileStep(fn);
      this.kernels = profiled.kernels;
      this.absorb({ ...sampleMemory(), tensorBytes: profiled.peakTensorBytes });
      this.peakGflops = await matmulPeakGflops();
      this.lastMark = null;
      return profiled.result;
    }
    const start = performance.now();
    if (this.lastMark !== null && start - this.lastMark <= IDLE_GAP_MS) this.busyMs += start - this.lastMark;
    const result = fn();
    this.absorb(sampleMemory());
    const end = performance.now();
    this.busyMs += end - start;
    this.steps += 1;
    this.lastMark = end;
    return result;
  }

  /**
   * Every step so far has finished (the loop has just read a result back). Emits a perf event for
   * the steps since the last one when a second has passed, or at once when `force` (a stage's end).
   */
  synced(step: number, force = false): void {
    const now = performance.now();
    if (this.lastMark !== null) this.busyMs += now - this.lastMark;
    this.lastMark = null;
    if (this.steps === 0 || this.kernels === null || this.peakMemory === null) return;
    if (!force && now - this.lastEmit < (this.o.minIntervalMs ?? 1000)) return;
    const msPerStep = this.busyMs / this.steps;
    const tokPerSec = this.o.tokensPerStep / (Math.max(msPerStep, 1e-6) / 1000);
    this.o.onEvent({
      type: 'perf',
      stage: this.o.stage,
      step,
      msPerStep,
      tokPerSec,
      kernelsPerStep: this.kernels,
      mfu: modelFlopsUtilisation(this.o.config, tokPerSec, this.peakGflops),
      peakGflops: this.peakGflops,
      peakMemory: { ...this.peakMemory },
    });
    this.lastEmit = now;
    this.busyMs = 0;
    this.steps = 0;
  }

  private absorb(sample: MemoryFigures): void {
    this.peakMemory = this.peakMemory ? maxMemory(this.peakMemory, sample) : sample;
  }
}
