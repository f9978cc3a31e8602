// The WebGPU training step in Node (Dawn), on a tiny config (one file, so its pipelines compile
// once): the compile-only warm-up (precompile.ts) compiles pipelines, leaves no tensor behind,
// changes neither the parameters nor the optimizer, and the step after it is bit-identical to the
// same step of a model that skipped it; and the kernel budget: kernel calls per step as the bench
// counts them (tf.profile) grow as a + b·nLayer, and must stay within the target of at
// most 400 at the micro preset (nLayer 4). The count depends on the graph, not on sizes, so a
// tiny config measures it exactly; a step at nLayer 1 and at 2 gives a and b.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS, type ModelConfig } from '../../src/core/config/model';
import { Rng } from '../../src/core/rng';
import { countKernels, formatCount, type KernelCount } from '../bench/profile-count';
import { EngineService } from '../engine-service';
import { GPT } from '../model/gpt';
import { registerEngineKernels } from '../model/kernels';
import { nodePlatform } from '../platform/node';
import { AdamW } from './optim';
import { precompileTrainingStep } from './precompile';
import { trainStep, type Batch } from './step';

/** The target at the micro preset. */
const MICRO_TARGET = 400;
/** Regression budgets, a little above what this commit measures (a = 48, b = 49: 244 at micro). */
const PER_LAYER = 52; // b: kernel calls per transformer block
const FIXED = 56; // a: embeddings, final LayerNorm, head, loss, clipping and the AdamW update

const B = 2;
const tiny = (nLayer: number): ModelConfig => ({
  vocabSize: 64,
  blockSize: 16,
  nLayer,
  nHead: 2,
  nEmbd: 32,
  dropout: 0,
  queryLayer: false,
});

function batch(cfg: ModelConfig, seed: number): Batch {
  const rng = new Rng(seed);
  const n = B * cfg.blockSize;
  const ints = () => Int32Array.from({ length: n }, () => rng.int(cfg.vocabSize));
  return { B, T: cfg.blockSize, idx: ints(), targets: ints(), weights: new Float32Array(n).fill(1) };
}

async function bits(t: tf.Tensor): Promise<number[]> {
  return Array.from(new Uint32Array(((await t.data()) as Float32Array).slice().buffer));
}

/** One step; the loss, the norm and every parameter afterwards, as float bits. */
async function stepBits(model: GPT, opt: AdamW, b: Batch) {
  const r = trainStep(model, opt, [b], 1e-2, 0);
  const out = { loss: await bits(r.loss), norm: await bits(r.gradNorm), params: [] as number[][] };
  tf.dispose([r.loss, r.gradNorm]);
  for (const v of model.params.values()) out.params.push(await bits(v));
  return out;
}

/** The kernel count of a model's second step (the first makes the optimizer's state). */
async function stepCount(cfg: ModelConfig): Promise<KernelCount> {
  const model = GPT.create(cfg, 1);
  const opt = new AdamW(model.params);
  const b = batch(cfg, 2);
  const step = async (s: number) => {
    const r = trainStep(model, opt, [b], 1e-3, s);
    await r.loss.data();
    tf.dispose([r.loss, r.gradNorm]);
  };
  await step(0);
  const count = await countKernels(() => step(1));
  opt.dispose();
  model.dispose();
  return count;
}

describe('a training step on webgpu', () => {
  beforeAll(async () => {
    await new EngineService(nodePlatform()).init({ backend: 'webgpu' }, () => {});
    registerEngineKernels();
  });

  it('compile-only warm-up: compiles, leaks nothing, changes nothing; the next step is as without it', async () => {
    const cfg = tiny(2);
    const b = batch(cfg, 3);
    const warmed = GPT.create(cfg, 5);
    const warmedOpt = new AdamW(warmed.params);
    const initial = await warmed.exportWeights();
    const compiled = await precompileTrainingStep(warmed, warmedOpt, [b], 1e-2); // the first pipelines here
    expect(compiled, 'pipelines compiled by the pass').toBeGreaterThan(20);
    expect(tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY')).toBe(false);
    // A second pass compiles nothing new and, like the first, leaves no tensor behind (the first
    // also made the model's kept position ids).
    const before = tf.memory();
    expect(await precompileTrainingStep(warmed, warmedOpt, [b], 1e-2)).toBe(0);
    expect(tf.memory().numTensors, 'tensors after the pass').toBe(before.numTensors);
    expect(tf.memory().numBytes, 'tensor bytes after the pass').toBe(before.numBytes);
    expect(warmedOpt.step).toBe(0);
    const after = await warmed.exportWeights();
    for (const [name, w] of Object.entries(initial)) expect(after[name].data, name).toEqual(w.data);
    expect((await warmedOpt.exportState()).v['wte.weight'].data.every((x) => x === 0)).toBe(true);

    const cold = GPT.create(cfg, 5);
    const coldOpt = new AdamW(cold.params);
    const w = await stepBits(warmed, warmedOpt, b);
    const c = await stepBits(cold, coldOpt, b);
    expect(w.loss).toEqual(c.loss);
    expect(w.norm).toEqual(c.norm);
    w.params.forEach((p, i) => expect(p, `parameter ${i}`).toEqual(c.params[i]));
    for (const x of [warmedOpt, warmed, coldOpt, cold]) x.dispose();
  });

  it(`stays within ${FIXED} + ${PER_LAYER}·nLayer kernel calls, ≤ ${MICRO_TARGET} at micro`, async () => {
    expect(FIXED + PER_LAYER * PRESETS.micro.nLayer).toBeLessThanOrEqual(MICRO_TARGET);
    const one = await stepCount(tiny(1));
    const two = await stepCount(tiny(2));
    const b = two.calls - one.calls;
    const a = one.calls - b;
    console.log(`nLayer 1: ${formatCount(one)}\nnLayer 2: ${formatCount(two)}\na = ${a}, b = ${b}`);
    expect(a + b * PRESETS.micro.nLayer, 'kernel calls at the micro preset').toBeLessThanOrEqual(
      MICRO_TARGET,
    );
    expect(b, 'kernel calls per layer').toBeLessThanOrEqual(PER_LAYER);
    expect(a, 'fixed kernel calls').toBeLessThanOrEqual(FIXED);
    // Reshape, Identity and customGrad entries dispatch nothing; every other call at least once.
    expect(two.dispatches).toBeGreaterThan(0);
  });

  it('warm-up is a no-op on other backends', async () => {
    await tf.setBackend('cpu');
    const cfg = tiny(1);
    const model = GPT.create(cfg, 5);
    const opt = new AdamW(model.params);
    expect(await precompileTrainingStep(model, opt, [batch(cfg, 3)], 1e-2)).toBe(0);
    expect(opt.step).toBe(0);
    opt.dispose();
    model.dispose();
    await tf.setBackend('webgpu');
  });
});
