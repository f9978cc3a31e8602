// Test cases for the clipped-AdamW WGSL kernels (as cases.ts): the global sum of squares, the moments
// per parameter and all in one tensor, the update of one parameter and of all parameters in one
// call, and the per-output form, each against float64 AdamW (reference.ts).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/core/rng';
import {
  ADAMW,
  ADAMW_MOMENTS,
  ADAMW_MOMENTS_ALL,
  ADAMW_PARAM,
  ADAMW_PARAMS_ALL,
  SUM_SQUARES,
} from '../names';
import type { KernelCase } from './cases';
import { clipCoef, refAdamW, refSumSquares } from './reference';

const run = (name: string, inputs: tf.NamedTensorMap, attrs: object = {}): tf.Tensor =>
  tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;

/** AdamW on a parameter of sizes[0] values, clipped by the global norm of gradients of all `sizes`. */
export function adamWCases(sizes: number[], clip = 1, seed = 6): KernelCase[] {
  const rng = new Rng(seed);
  const S = sizes[0];
  const p = rng.normals(S, 0.5);
  const m = rng.normals(S, 0.05);
  const v = rng.normals(S, 0.01).map((x) => x * x);
  const grads = sizes.map((n) => rng.normals(n, 0.2));
  const sumSq = refSumSquares(grads);
  const coef = clipCoef(sumSq, clip);
  const h = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, step: 3, coef };
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2 = 1 - h.beta2 ** h.step;
  // Moments and update of the first gradient, clipped by the norm of all of them.
  const want = refAdamW(p, grads[0], m, v, h);
  const attrs = {
    lr: h.lr,
    beta1: h.beta1,
    beta2: h.beta2,
    eps: h.eps,
    weightDecay: h.weightDecay,
    bc1,
    bc2,
  };
  const mv = new Float32Array(2 * S);
  mv.set(m);
  mv.set(v, S);
  const sumSqTensor = () =>
    run(SUM_SQUARES, Object.fromEntries(grads.map((x, i) => [`x${i}`, tf.tensor1d(x)])));
  const moments = () =>
    run(
      ADAMW_MOMENTS,
      { g: tf.tensor1d(grads[0]), mv: tf.tensor2d(mv, [2, S]), sumSq: sumSqTensor() },
      { beta1: h.beta1, beta2: h.beta2, clip },
    );
  const perOutput = (which: 'p' | 'm' | 'v'): KernelCase => ({
    name: `${ADAMW} which=${which} [${S}] clip ${clip}`,
    tol: 1e-6,
    gpu: () =>
      run(
        ADAMW,
        {
          p: tf.tensor1d(p),
          g: tf.tensor1d(grads[0]),
          m: tf.tensor1d(m),
          v: tf.tensor1d(v),
          coef: tf.scalar(coef),
        },
        { ...attrs, which },
      ),
    want: () => want[which],
  });
  const both = new Float64Array(2 * S);
  both.set(want.m);
  both.set(want.v, S);
  return [
    {
      name: `${SUM_SQUARES} [${sizes.length} tensors]`,
      tol: 1e-5,
      gpu: sumSqTensor,
      want: () => Float64Array.from([sumSq]),
    },
    { name: `${ADAMW_MOMENTS} [${S}] clip ${clip}`, tol: 1e-6, gpu: moments, want: () => both },
    {
      name: `${ADAMW_PARAM} [${S}] clip ${clip}`,
      tol: 1e-6,
      gpu: () => run(ADAMW_PARAM, { p: tf.tensor1d(p), mv: moments() }, attrs),
      want: () => want.p,
    },
    perOutput('p'),
    perOutput('m'),
    perOutput('v'),
  ];
}

/**
 * All parameters' moments in one [2, P] tensor (ADAMW_MOMENTS_ALL), then the update of one
 * parameter from its slice (ADAMW_PARAM with an offset); the parameter is the one at `pick`.
 */
export function adamWAllCases(sizes: number[], pick: number, clip = 1, seed = 7): KernelCase[] {
  const rng = new Rng(seed);
  const P = sizes.reduce((a, b) => a + b, 0);
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const grads = sizes.map((n) => rng.normals(n, 0.2));
  const flatG = new Float32Array(P);
  grads.forEach((g, i) => flatG.set(g, offsets[i]));
  const p = rng.normals(P, 0.5);
  const m = rng.normals(P, 0.05);
  const v = rng.normals(P, 0.01).map((x) => x * x);
  const coef = clipCoef(refSumSquares(grads), clip);
  const h = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, step: 7, coef };
  const want = refAdamW(p, flatG, m, v, h);
  const mv = new Float32Array(2 * P);
  mv.set(m);
  mv.set(v, P);
  const momentsAll = () =>
    run(
      ADAMW_MOMENTS_ALL,
      {
        ...Object.fromEntries(grads.map((g, i) => [`g${i}`, tf.tensor1d(g)])),
        mv: tf.tensor2d(mv, [2, P]),
        sumSq: run(SUM_SQUARES, Object.fromEntries(grads.map((g, i) => [`x${i}`, tf.tensor1d(g)]))),
      },
      { beta1: h.beta1, beta2: h.beta2, clip },
    );
  const both = new Float64Array(2 * P);
  both.set(want.m);
  both.set(want.v, P);
  const [o, S] = [offsets[pick], sizes[pick]];
  const attrs = {
    lr: h.lr,
    eps: h.eps,
    weightDecay: h.weightDecay,
    bc1: 1 - h.beta1 ** h.step,
    bc2: 1 - h.beta2 ** h.step,
    offset: o,
  };
  return [
    {
      name: `${ADAMW_MOMENTS_ALL} [${sizes.length} params, P ${P}]`,
      tol: 1e-6,
      gpu: momentsAll,
      want: () => both,
    },
    {
      name: `${ADAMW_PARAM} offset ${o} of [2, ${P}]`,
      tol: 1e-6,
      gpu: () => run(ADAMW_PARAM, { p: tf.tensor1d(p.slice(o, o + S)), mv: momentsAll() }, attrs),
      want: () => want.p.slice(o, o + S),
    },
  ];
}

/**
 * Every parameter's update from the shared moments in one call (ADAMW_PARAMS_ALL), weight decay on
 * every other parameter: the outputs flattened and concatenated, against float64 AdamW.
 */
export function adamWParamsAllCase(sizes: number[], seed = 8): KernelCase {
  const rng = new Rng(seed);
  const P = sizes.reduce((a, b) => a + b, 0);
  const p = rng.normals(P, 0.5);
  const g = rng.normals(P, 0.2);
  const m = rng.normals(P, 0.05);
  const v = rng.normals(P, 0.01).map((x) => x * x);
  const h = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, step: 4, coef: 1 };
  const decayed = refAdamW(p, g, m, v, h);
  const plain = refAdamW(p, g, m, v, { ...h, weightDecay: 0 });
  const decays = sizes.map((_, i) => (i % 2 === 0 ? h.weightDecay : 0));
  const want = new Float64Array(P);
  const mv = new Float32Array(2 * P);
  let at = 0;
  sizes.forEach((n, i) => {
    want.set((decays[i] > 0 ? decayed : plain).p.subarray(at, at + n), at);
    at += n;
  });
  mv.set(decayed.m); // the moments after this step's gradient, as ADAMW_MOMENTS_ALL leaves them
  mv.set(decayed.v, P);
  const attrs = { lr: h.lr, eps: h.eps, bc1: 1 - h.beta1 ** h.step, bc2: 1 - h.beta2 ** h.step };
  return {
    name: `${ADAMW_PARAMS_ALL} [${sizes.length} params, P ${P}]`,
    tol: 1e-6,
    gpu: () => {
      let o = 0;
      const params = sizes.map((n, i) => {
        // alternate 1-D and 2-D parameters, as biases and weights
        const t = tf.tensor(p.subarray(o, o + n), i % 2 === 0 && n % 3 === 0 ? [3, n / 3] : [n]);
        o += n;
        return t;
      });
      const outs = tf
        .engine()
        .runKernel(
          ADAMW_PARAMS_ALL,
          { ...Object.fromEntries(params.map((t, i) => [`p${i}`, t])), mv: tf.tensor2d(mv, [2, P]) },
          { ...attrs, weightDecays: decays } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
      outs.forEach((out, i) => {
        if (out.shape.join() !== params[i].shape.join())
          throw new Error(`output ${i} has shape [${out.shape}]`);
      });
      return tf.concat(outs.map((out) => tf.reshape(out, [-1])));
    },
    want: () => want,
  };
}
