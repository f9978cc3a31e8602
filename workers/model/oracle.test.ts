// The engine against PyTorch: logits, loss, every gradient and three clipped AdamW steps on the
// committed fixture (scripts/oracle/gpt_oracle.py), on the cpu, wasm and webgpu (Dawn) backends.
// Also proves the fixture is what the script computes (needs Debian's python3-torch, which the
// test step installs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { EngineService } from '../engine-service';
import { nodePlatform } from '../platform/node';
import { registerEngineKernels } from './kernels';
import { GPT, type NamedArrays } from './gpt';
import { AdamW } from '../train/optim';
import { trainStep } from '../train/step';
import type { BackendName } from '../../src/contract/backend';

const fixturePath = new URL('./__fixtures__/gpt-oracle.json', import.meta.url);
type Arr = { shape: number[]; data: number[] };
interface Fixture {
  config: {
    vocabSize: number;
    blockSize: number;
    nLayer: number;
    nHead: number;
    nEmbd: number;
    batchSize: number;
    seqLen: number;
  };
  optimizer: {
    lr: number;
    betas: [number, number];
    eps: number;
    weightDecay: number;
    clip: number;
    steps: number;
  };
  idx: number[][];
  targets: number[][];
  params: Record<string, Arr>;
  zeroGradSlices: Record<string, [number, number]>;
  float32: {
    logits: Arr;
    loss: number;
    grads: Record<string, Arr>;
    steps: { loss: number; gradNorm: number }[];
    paramsAfter: Record<string, Arr>;
  };
}
const fx = JSON.parse(readFileSync(fixturePath, 'utf8')) as Fixture;
const { batchSize: B, seqLen: T } = fx.config;
const config = { ...fx.config, dropout: 0, queryLayer: false };
const weights = (): NamedArrays =>
  Object.fromEntries(
    Object.entries(fx.params).map(([k, v]) => [k, { shape: v.shape, data: Float32Array.from(v.data) }]),
  );

function maxAbsDiff(got: ArrayLike<number>, want: number[], skip?: [number, number]): number {
  expect(got.length).toBe(want.length);
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    if (skip && i >= skip[0] && i < skip[1]) continue;
    const d = Math.abs(got[i] - want[i]);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

const engine = new EngineService(nodePlatform());

describe.each<BackendName>(['cpu', 'wasm', 'webgpu'])('GPT vs PyTorch on %s', (backend) => {
  beforeAll(async () => {
    await engine.init({ backend }, () => {});
    registerEngineKernels();
    if (backend === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false); // run the GPU kernels, even on tiny inputs
  });
  afterAll(() => tf.env().set('WEBGPU_CPU_FORWARD', true));

  const idx = () => tf.tensor2d(fx.idx.flat(), [B, T], 'int32');
  const targets = () => tf.tensor2d(fx.targets.flat(), [B, T], 'int32');

  it('gives the logits and the loss', async () => {
    const model = GPT.fromWeights(config, weights());
    const logits = model.forward(idx());
    expect(maxAbsDiff(await logits.data(), fx.float32.logits.data)).toBeLessThan(1e-4);
    const loss = (await model.loss(idx(), targets()).data())[0];
    expect(Math.abs(loss - fx.float32.loss)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('gives every parameter gradient', async () => {
    const model = GPT.fromWeights(config, weights());
    const { grads } = tf.variableGrads(() => model.loss(idx(), targets()), [...model.params.values()]);
    for (const [name, v] of model.params) {
      const diff = maxAbsDiff(await grads[v.name].data(), fx.float32.grads[name].data);
      expect(diff, `gradient of ${name}`).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  it('takes three clipped AdamW steps like torch', async () => {
    const model = GPT.fromWeights(config, weights());
    const o = fx.optimizer;
    const opt = new AdamW(model.params, {
      beta1: o.betas[0],
      beta2: o.betas[1],
      eps: o.eps,
      weightDecay: o.weightDecay,
      clip: o.clip,
    });
    const batch = {
      B,
      T,
      idx: Int32Array.from(fx.idx.flat()),
      targets: Int32Array.from(fx.targets.flat()),
      weights: new Float32Array(B * T).fill(1),
    };
    for (let s = 0; s < o.steps; s++) {
      const { loss, gradNorm } = trainStep(model, opt, [batch], o.lr, s);
      const want = fx.float32.steps[s];
      expect(Math.abs((await loss.data())[0] - want.loss) / want.loss, `loss at step ${s + 1}`).toBeLessThan(
        1e-5,
      );
      expect(
        Math.abs((await gradNorm.data())[0] - want.gradNorm) / want.gradNorm,
        `norm at step ${s + 1}`,
      ).toBeLessThan(2e-4);
      tf.dispose([loss, gradNorm]);
    }
    const after = await model.exportWeights();
    for (const [name, want] of Object.entries(fx.float32.paramsAfter)) {
      expect(
        maxAbsDiff(after[name].data, want.data, fx.zeroGradSlices[name]),
        `${name} after 3 steps`,
      ).toBeLessThan(2e-4);
    }
    opt.dispose();
    model.dispose();
  });
});

describe('the PyTorch fixture', () => {
  it('is exactly what scripts/oracle/gpt_oracle.py computes', () => {
    const out = execFileSync(
      '/usr/bin/python3',
      ['scripts/oracle/gpt_oracle.py', '--check', fixturePath.pathname],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/ok|match/i);
  });
});
