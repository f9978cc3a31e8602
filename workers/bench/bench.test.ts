// The engine's bench() on cpu and wasm at the nano preset with a tiny batch: one complete record
// whose figures agree with each other and with independent counts (parameters from the preset's
// shapes, kernels from a profiled step, weights + AdamW moments as a floor for memory).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { EngineService } from '../engine-service';
import { nodePlatform } from '../platform/node';
import { PRESETS, trainingFlopsPerToken } from '../../src/core/config/model';
import { headlineMemory } from '../../src/contract/bench';
import { Rng } from '../../src/core/rng';
import { GPT } from '../model/gpt';
import { AdamW } from '../train/optim';
import { trainStep } from '../train/step';
import { profileStep } from '../train/perf-monitor';

const engine = new EngineService(nodePlatform());
const nano = PRESETS.nano;
const B = 1;

/** Kernels of one nano training step, counted on its own. */
async function nanoKernels(): Promise<number> {
  let model!: GPT;
  let opt!: AdamW;
  tf.tidy(() => {
    model = GPT.create(nano, 3);
    opt = new AdamW(model.params);
  });
  const rng = new Rng(1);
  const ints = () => Int32Array.from({ length: B * nano.blockSize }, () => rng.int(nano.vocabSize));
  const batch = {
    B,
    T: nano.blockSize,
    idx: ints(),
    targets: ints(),
    weights: new Float32Array(B * 64).fill(1),
  };
  const warm = trainStep(model, opt, [batch], 1e-3, 0);
  tf.dispose([warm.loss, warm.gradNorm]);
  const p = await profileStep(() => trainStep(model, opt, [batch], 1e-3, 1));
  tf.dispose([p.result.loss, p.result.gradNorm]);
  opt.dispose();
  model.dispose();
  return p.kernels;
}

describe.each(['cpu', 'wasm'] as const)('bench on %s', (backend) => {
  it('returns one complete, self-consistent record', async () => {
    await engine.init({ backend }, () => {});
    const kernels = await nanoKernels(); // also makes whatever the kernels cache on first use
    const tensorsBefore = tf.memory().numTensors;
    const r = await engine.bench({ preset: 'nano', steps: 1, batchSize: B, warmupSteps: 0 });
    expect(tf.memory().numTensors).toBe(tensorsBefore); // nothing left behind
    expect(Object.keys(r).sort()).toEqual(
      [
        'backend',
        'preset',
        'config',
        'params',
        'tokPerSec',
        'msPerStep',
        'kernelsPerStep',
        'mfu',
        'peakGflops',
        'peakMemory',
        'threads',
        'adapter',
      ].sort(),
    );
    expect(r.backend).toBe(backend);
    expect(r.preset).toBe('nano');
    expect(r.config).toEqual({ vocabSize: 256, blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 64, batchSize: B });
    // wte 256·64 + wpe 64·64 + 2 blocks of 12·64² + 13·64 + ln_f 2·64 (GPT-2 layout).
    expect(r.params).toBe(256 * 64 + 64 * 64 + 2 * (12 * 64 * 64 + 13 * 64) + 2 * 64);
    expect(r.tokPerSec).toBeGreaterThan(0);
    expect(Math.abs(r.tokPerSec - (B * 64) / (r.msPerStep / 1000)) / r.tokPerSec).toBeLessThan(0.01);
    expect(r.kernelsPerStep).toBe(kernels);
    expect(r.peakGflops).toBeGreaterThan(0);
    const mfu = (trainingFlopsPerToken(nano) * r.tokPerSec) / (r.peakGflops * 1e9);
    expect(Math.abs(r.mfu - mfu)).toBeLessThanOrEqual(5e-5 + mfu * (0.05 / r.peakGflops + 0.01)); // rounding
    expect(r.peakMemory.tensorBytes).toBeGreaterThan(3 * 4 * r.params); // weights + two AdamW moments
    expect(r.peakMemory.gpuBytesAllocated).toBeNull();
    expect(r.adapter).toBeNull();
    if (backend === 'wasm') {
      expect(r.threads).toBe(getThreadsCount());
      expect(r.peakMemory.wasmHeapBytes!).toBeGreaterThanOrEqual(r.peakMemory.tensorBytes);
      expect(headlineMemory(r.peakMemory)).toEqual({ bytes: r.peakMemory.wasmHeapBytes, what: 'WASM heap' });
    } else {
      expect(r.threads).toBeNull();
      expect(r.peakMemory.wasmHeapBytes).toBeNull();
      expect(headlineMemory(r.peakMemory).what).toBe('tensors');
    }
  });

  it('names a bad request', async () => {
    await expect(engine.bench({ preset: 'huge' as 'nano' })).rejects.toThrow(/preset must be one of/);
    await expect(engine.bench({ preset: 'nano', steps: 0 })).rejects.toThrow(/steps must be an integer/);
  });
});
