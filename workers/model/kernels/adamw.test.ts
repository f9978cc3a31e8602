// The clipped AdamW step (fused kernels on cpu, wasm and webgpu) against a plain-JS transcription of
// torch.nn.utils.clip_grad_norm_ + torch.optim.AdamW, over three steps with odd-sized parameters:
// clipping active and off, weight decay on 2-D parameters only, norm returned before clipping.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../src/core/rng';
import { AdamW, type AdamWHyper } from '../../train/optim';
import { hasKernel } from './js-kernel';
import { ADAMW_MOMENTS, ADAMW_MOMENTS_ALL, ADAMW_PARAM, SUM_SQUARES } from './names';
import { registerEngineKernels } from './index';
import { ALL_BACKENDS, useBackend } from './test-backends';

interface Ref {
  p: Float64Array;
  m: Float64Array;
  v: Float64Array;
  decay: boolean;
}

/** One torch step over all parameters; returns the pre-clip norm. */
function torchStep(params: Ref[], grads: Float32Array[], lr: number, h: AdamWHyper, t: number): number {
  const norm = Math.sqrt(grads.reduce((s, g) => s + g.reduce((a, x) => a + x * x, 0), 0));
  const coef = h.clip > 0 ? Math.min(h.clip / (norm + 1e-6), 1) : 1;
  const bc1 = 1 - h.beta1 ** t;
  const bc2 = 1 - h.beta2 ** t;
  params.forEach((r, k) => {
    for (let i = 0; i < r.p.length; i++) {
      const g = grads[k][i] * coef;
      r.m[i] = h.beta1 * r.m[i] + (1 - h.beta1) * g;
      r.v[i] = h.beta2 * r.v[i] + (1 - h.beta2) * g * g;
      if (r.decay) r.p[i] *= 1 - lr * h.weightDecay;
      r.p[i] -= (lr / bc1) * (r.m[i] / (Math.sqrt(r.v[i]) / Math.sqrt(bc2) + h.eps));
    }
  });
  return norm;
}

describe.each(ALL_BACKENDS)('fused AdamW on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases = [
    { clip: 0.5, fused: true },
    { clip: 0, fused: true },
    { clip: 0.5, fused: false },
  ];
  for (const { clip, fused } of cases) {
    it(`matches torch over three steps (clip ${clip}, ${fused ? 'fused kernels' : 'composite ops'})`, async () => {
      if (!fused) tf.unregisterKernel(ADAMW_MOMENTS_ALL, backend); // the optimizer falls back to composite ops
      expect(hasKernel(SUM_SQUARES) && hasKernel(ADAMW_MOMENTS_ALL) && hasKernel(ADAMW_PARAM)).toBe(fused);
      const hyper: AdamWHyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clip };
      const rng = new Rng(21);
      const shapes = [[7, 5], [13], [3, 11]];
      const params = new Map(
        shapes.map((s, i) => [
          `p${i}`,
          tf.variable(
            tf.tensor(
              rng.normals(
                s.reduce((a, b) => a * b, 1),
                1,
              ),
              s,
            ),
          ),
        ]),
      );
      const refs: Ref[] = await Promise.all(
        [...params.values()].map(async (v) => ({
          p: Float64Array.from(await v.data()),
          m: new Float64Array(v.size),
          v: new Float64Array(v.size),
          decay: v.rank === 2,
        })),
      );
      const opt = new AdamW(params, hyper);
      for (let t = 1; t <= 3; t++) {
        const gs = shapes.map((s) =>
          Float32Array.from(
            rng.normals(
              s.reduce((a, b) => a * b, 1),
              1,
            ),
          ),
        );
        const grads = Object.fromEntries([...params.keys()].map((n, i) => [n, tf.tensor(gs[i], shapes[i])]));
        const lr = 0.01 * t;
        const norm = opt.apply(grads, lr);
        const want = torchStep(refs, gs, lr, hyper, t);
        expect(Math.abs((await norm.data())[0] - want) / want).toBeLessThan(1e-6);
        tf.dispose([norm, ...Object.values(grads)]);
      }
      let worst = 0;
      for (const [i, v] of [...params.values()].entries()) {
        const got = await v.data();
        for (let j = 0; j < got.length; j++) worst = Math.max(worst, Math.abs(got[j] - refs[i].p[j]));
      }
      expect(worst).toBeLessThan(2e-6);
      const state = await opt.exportState();
      expect(Math.abs(state.v.p1.data[4] - refs[1].v[4])).toBeLessThan(1e-6);
      opt.dispose();
      for (const v of params.values()) v.dispose();
      registerEngineKernels();
    });
  }

  it('ADAMW_MOMENTS of one parameter equals its slice of ADAMW_MOMENTS_ALL', async () => {
    const [g0, g1] = [tf.tensor(new Rng(5).normals(6, 1), [2, 3]), tf.tensor(new Rng(6).normals(5, 1), [5])];
    const mv = tf.tensor(new Rng(7).normals(22, 1).map(Math.abs), [2, 11]);
    const sumSq = tf.tensor1d([9]);
    const attrs = { beta1: 0.8, beta2: 0.9, clip: 1 } as unknown as tf.NamedAttrMap;
    const all = await (
      tf.engine().runKernel(ADAMW_MOMENTS_ALL, { g0, g1, mv, sumSq }, attrs) as tf.Tensor
    ).array();
    const mv1 = tf.slice(mv, [0, 6], [2, 5]);
    const one = await (
      tf.engine().runKernel(ADAMW_MOMENTS, { g: g1, mv: mv1, sumSq }, attrs) as tf.Tensor
    ).array();
    const slice = (all as number[][]).map((row) => row.slice(6));
    expect(one).toEqual(slice);
    const g = (await g1.data())[0] / 3; // clip factor min(1 / (√9 + 1e-6), 1) ≈ 1/3
    expect((all as number[][])[0][6]).toBeCloseTo(0.8 * (await mv1.data())[0] + 0.2 * g, 5);
  });
});
