// The perf monitor's parts on cpu and wasm: a profiled training step gives the very result of an
// unprofiled one, kernels are counted one per op, memory figures follow known allocations, and the
// monitor's events time only work (not idle gaps), once a second, with MFU from the FLOP formula.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { EngineService } from '../engine-service';
import { nodePlatform } from '../platform/node';
import { PRESETS, trainingFlopsPerToken, type ModelConfig } from '../../src/core/config/model';
import type { PerfEvent, TrainEvent } from '../../src/contract/train';
import { Rng } from '../../src/core/rng';
import { GPT } from '../model/gpt';
import { AdamW } from './optim';
import { trainStep, type Batch } from './step';
import { maxMemory, PerfMonitor, profileStep, rememberMatmulPeak, sampleMemory } from './perf-monitor';

const engine = new EngineService(nodePlatform());
const tiny: ModelConfig = { ...PRESETS.nano, vocabSize: 64, blockSize: 16, nLayer: 1, nEmbd: 32, nHead: 2 };

function batch(seed: number): Batch {
  const rng = new Rng(seed);
  const ints = () => Int32Array.from({ length: 4 * 16 }, () => rng.int(64));
  return { B: 4, T: 16, idx: ints(), targets: ints(), weights: new Float32Array(64).fill(1) };
}

/** Two steps from the same start; returns the loss, grad norm and every weight after them. */
async function twoSteps(profileSecond: boolean): Promise<{ numbers: number[]; kernels: number }> {
  const model = GPT.create(tiny, 5);
  const opt = new AdamW(model.params);
  const numbers: number[] = [];
  let kernels = 0;
  for (let s = 0; s < 2; s++) {
    const run = () => trainStep(model, opt, [batch(s)], 1e-2, 9 + s);
    let r;
    if (profileSecond && s === 1) {
      const p = await profileStep(run);
      r = p.result;
      kernels = p.kernels;
    } else r = run();
    numbers.push((await r.loss.data())[0], (await r.gradNorm.data())[0]);
    tf.dispose([r.loss, r.gradNorm]);
  }
  for (const v of model.params.values()) numbers.push(...(await v.data()));
  opt.dispose();
  model.dispose();
  return { numbers, kernels };
}

afterEach(() => vi.restoreAllMocks());

describe.each(['cpu', 'wasm'] as const)('perf monitor on %s', (backend) => {
  it('starts the backend', async () => {
    expect((await engine.init({ backend }, () => {})).backend).toBe(backend);
  });

  it('profiles a training step without changing its result, and counts kernels one per op', async () => {
    const plain = await twoSteps(false);
    const profiled = await twoSteps(true);
    expect(profiled.numbers).toEqual(plain.numbers); // bit for bit
    expect(profiled.kernels).toBeGreaterThan(20);
    const a = tf.ones([4, 4]);
    const one = await profileStep(() => tf.add(a, a));
    const two = await profileStep(() => tf.tidy(() => tf.add(tf.matMul(a, a), a)));
    expect([one.kernels, two.kernels]).toEqual([1, 2]);
    tf.dispose([a, one.result, two.result]);
  });

  it('reports memory that follows a known allocation', async () => {
    const before = sampleMemory();
    expect(before.tensorBytes).toBe(tf.memory().numBytes);
    const big = tf.zeros([1 << 20]); // 4 MiB
    await big.data();
    const after = sampleMemory();
    expect(after.tensorBytes - before.tensorBytes).toBe(4 << 20);
    expect([after.gpuBytesAllocated, after.gpuBytesInUse]).toEqual([null, null]);
    if (backend === 'wasm') {
      expect(after.wasmHeapBytes! % 65536).toBe(0); // whole WebAssembly pages
      expect(after.wasmHeapBytes!).toBeGreaterThanOrEqual(after.tensorBytes);
    } else expect(after.wasmHeapBytes).toBeNull();
    big.dispose();
    expect(maxMemory(before, after)).toEqual(after);
    expect(maxMemory(after, { ...before, wasmHeapBytes: null }).wasmHeapBytes).toBe(after.wasmHeapBytes);
  });

  it('emits perf events at most once a second, timing steps but not idle gaps', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    rememberMatmulPeak(50); // GFLOP/s: keeps the fake clock out of the peak measurement
    const events: TrainEvent[] = [];
    const monitor = new PerfMonitor({
      stage: 0,
      config: tiny,
      tokensPerStep: 64,
      onEvent: (e) => events.push(e),
    });
    const model = GPT.create(tiny, 5);
    const opt = new AdamW(model.params);
    const step = async (s: number, workMs: number) => {
      const r = await monitor.step(() => {
        now += workMs;
        return trainStep(model, opt, [batch(s)], 1e-2, s);
      });
      await r.loss.data();
      tf.dispose([r.loss, r.gradNorm]);
    };
    await step(0, 5000); // profiled: not timed
    now += 3;
    await step(1, 100);
    now += 20; // the readback
    monitor.synced(1);
    now += 5000; // an evaluation after the readback: not counted
    await step(2, 100);
    now += 3; // a short gap between steps: work may be in flight, it counts
    await step(3, 100);
    now += 1000; // a pause between steps (a long gap): not counted
    await step(4, 100);
    now += 7;
    monitor.synced(4);
    now += 400;
    await step(5, 100);
    monitor.synced(5); // 0.5 s after the last event: none
    await step(6, 100);
    monitor.synced(6, true); // the stage's end: forced
    const perf = events.filter((e): e is PerfEvent => e.type === 'perf');
    expect(perf.map((e) => e.step)).toEqual([1, 4, 6]);
    const expected = [120, 310 / 3, 100];
    perf.forEach((e, i) => expect(e.msPerStep).toBeCloseTo(expected[i], 9));
    const kernels = (await profileStep(() => trainStep(model, opt, [batch(9)], 1e-2, 9))).kernels;
    for (const e of perf) {
      expect(e.kernelsPerStep).toBe(kernels);
      expect(e.tokPerSec).toBeCloseTo(64 / (e.msPerStep / 1000), 6);
      expect(e.peakGflops).toBe(50);
      expect(e.mfu).toBeCloseTo((trainingFlopsPerToken(tiny) * e.tokPerSec) / 50e9, 12);
      expect(e.peakMemory.tensorBytes).toBeGreaterThan(
        3 * 4 * [...model.params.values()].reduce((n, v) => n + v.size, 0),
      );
    }
    opt.dispose();
    model.dispose();
  });
});
