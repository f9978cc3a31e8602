// Fused LayerNorm over the last axis: the cpu and wasm kernels (one pass forward, one pass for dx
// and one for the parameter gradients, instead of tfjs's moments/rsqrt/broadcast chain: about a
// dozen kernels forward and two dozen backward; row statistics accumulate in doubles), the cpu
// twin of webgpu's all-gradients kernel, and the op with its gradient for every backend.
// Shapes: x, dy [N, C]; gamma, beta [C].
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel, registerJsKernel } from './js-kernel';
import { saveForGrad } from './grad-save';
import { LAYER_NORM, LAYER_NORM_BACKWARD, LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD } from './names';

/**
 * Per row of x [N, C]: mean and 1/√(var + eps) (biased variance, as torch and tf.moments), as
 * [2N] = mean₀, rstd₀, mean₁, … One pass: Σx and Σx² in doubles, whose 53 bits keep
 * E[x²] − E[x]² exact enough for float32 activations.
 */
export function rowStatistics(x: Float32Array, C: number, eps: number): Float64Array {
  const N = x.length / C;
  const stats = new Float64Array(2 * N);
  for (let r = 0; r < N; r++) {
    const at = r * C;
    let sum = 0;
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const v = x[at + c];
      sum += v;
      sq += v * v;
    }
    const mean = sum / C;
    stats[2 * r] = mean;
    stats[2 * r + 1] = 1 / Math.sqrt(Math.max(sq / C - mean * mean, 0) + eps);
  }
  return stats;
}

/** y = (x − mean)·rstd·gamma + beta, row by row (`stats` from rowStatistics). */
export function layerNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  C: number,
  stats: Float64Array,
  y: Float32Array,
): void {
  const N = x.length / C;
  for (let r = 0; r < N; r++) {
    const mean = stats[2 * r];
    const rstd = stats[2 * r + 1];
    const at = r * C;
    for (let c = 0; c < C; c++) y[at + c] = (x[at + c] - mean) * rstd * gamma[c] + beta[c];
  }
}

/** dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·gamma and x̂ the normalised row. */
export function layerNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  dy: Float32Array,
  C: number,
  stats: Float64Array,
  dx: Float32Array,
): void {
  const N = x.length / C;
  for (let r = 0; r < N; r++) {
    const mean = stats[2 * r];
    const rstd = stats[2 * r + 1];
    const at = r * C;
    let sumG = 0;
    let sumGX = 0;
    for (let c = 0; c < C; c++) {
      const g = dy[at + c] * gamma[c];
      sumG += g;
      sumGX += g * (x[at + c] - mean) * rstd;
    }
    const mG = sumG / C;
    const mGX = sumGX / C;
    for (let c = 0; c < C; c++) {
      const xhat = (x[at + c] - mean) * rstd;
      dx[at + c] = rstd * (dy[at + c] * gamma[c] - mG - xhat * mGX);
    }
  }
}

/** out [2, C]: row 0 = Σ_rows dy·x̂ (dgamma), row 1 = Σ_rows dy (dbeta). */
export function layerNormParamGrad(
  x: Float32Array,
  dy: Float32Array,
  C: number,
  stats: Float64Array,
  out: Float32Array,
): void {
  const N = x.length / C;
  const dg = new Float64Array(C);
  const db = new Float64Array(C);
  for (let r = 0; r < N; r++) {
    const mean = stats[2 * r];
    const rstd = stats[2 * r + 1];
    const at = r * C;
    for (let c = 0; c < C; c++) {
      const g = dy[at + c];
      dg[c] += g * (x[at + c] - mean) * rstd;
      db[c] += g;
    }
  }
  for (let c = 0; c < C; c++) {
    out[c] = dg[c];
    out[C + c] = db[c];
  }
}

/**
 * Row statistics of forward passes by the input's data (immutable; the tape's saved clone shares
 * it), so the two backward kernels skip a pass; recomputed when absent.
 */
const kept = new WeakMap<object, { eps: number; stats: Float64Array }>();

function statsFor(info: tf.TensorInfo, x: Float32Array, C: number, eps: number): Float64Array {
  const k = kept.get(info.dataId);
  if (k && k.eps === eps && k.stats.length === (2 * x.length) / C) return k.stats;
  return rowStatistics(x, C, eps);
}

export function registerLayerNormKernels(): void {
  registerJsKernel(LAYER_NORM, (io, { x, gamma, beta }, attrs) => {
    const C = x.shape[x.shape.length - 1];
    const eps = attrs.eps as number;
    const out = io.output(x.shape);
    const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
    const xs = f(x);
    const stats = rowStatistics(xs, C, eps);
    kept.set(x.dataId, { eps, stats });
    layerNormForward(xs, f(gamma), f(beta), C, stats, out.values as Float32Array);
    return out.info;
  });
  registerJsKernel(LAYER_NORM_GRAD, (io, { x, gamma, dy }, attrs) => {
    const C = x.shape[x.shape.length - 1];
    const out = io.output(x.shape);
    const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
    const xs = f(x);
    const stats = statsFor(x, xs, C, attrs.eps as number);
    layerNormBackward(xs, f(gamma), f(dy), C, stats, out.values as Float32Array);
    return out.info;
  });
  registerJsKernel(LAYER_NORM_PARAM_GRAD, (io, { x, dy }, attrs) => {
    const C = x.shape[x.shape.length - 1];
    const out = io.output([2, C]);
    const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
    const xs = f(x);
    layerNormParamGrad(xs, f(dy), C, statsFor(x, xs, C, attrs.eps as number), out.values as Float32Array);
    return out.info;
  });
  // All three gradients in one call: the cpu twin of the webgpu kernel (wasm keeps the two above).
  registerJsKernel(
    LAYER_NORM_BACKWARD,
    (io, { x, gamma, dy }, attrs) => {
      const C = x.shape[x.shape.length - 1];
      const dx = io.output(x.shape);
      const params = new Float32Array(2 * C);
      const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
      const xs = f(x);
      const stats = statsFor(x, xs, C, attrs.eps as number);
      layerNormBackward(xs, f(gamma), f(dy), C, stats, dx.values as Float32Array);
      layerNormParamGrad(xs, f(dy), C, stats, params);
      const dgamma = io.output([C]);
      const dbeta = io.output([C]);
      dgamma.values.set(params.subarray(0, C));
      dbeta.values.set(params.subarray(C));
      return [dx.info, dgamma.info, dbeta.info];
    },
    ['cpu'],
  );
}

/**
 * LayerNorm of x [N, C] through the fused kernels, or null where the active backend has none. The
 * backward pass is one LAYER_NORM_BACKWARD call where the backend has it (webgpu, cpu), else
 * LAYER_NORM_GRAD and LAYER_NORM_PARAM_GRAD (wasm).
 */
export function fusedLayerNorm(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
): tf.Tensor2D | null {
  if (!hasKernel(LAYER_NORM)) return null;
  const attrs = { eps } as unknown as tf.NamedAttrMap;
  const oneCall = hasKernel(LAYER_NORM_BACKWARD);
  const op = tf.customGrad(((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const restore = saveForGrad(save, [xi, g]);
    return {
      value: tf.engine().runKernel(LAYER_NORM, { x: xi, gamma: g, beta: b }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs] = restore(saved);
        if (oneCall) {
          return tf.engine().runKernel(LAYER_NORM_BACKWARD, { x: xs, gamma: gs, dy }, attrs) as tf.Tensor[];
        }
        const C = gs.shape[0];
        const params = tf.engine().runKernel(LAYER_NORM_PARAM_GRAD, { x: xs, dy }, attrs) as tf.Tensor;
        return [
          tf.engine().runKernel(LAYER_NORM_GRAD, { x: xs, gamma: gs, dy }, attrs) as tf.Tensor,
          tf.reshape(tf.slice(params, [0, 0], [1, C]), [C]),
          tf.reshape(tf.slice(params, [1, 0], [1, C]), [C]),
        ];
      },
    };
  }) as never) as unknown as (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;
  return op(x, gamma, beta);
}
