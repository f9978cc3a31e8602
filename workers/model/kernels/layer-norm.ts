// Fused LayerNorm over the last axis for the cpu and wasm backends: one pass forward, one pass for
// dx and one for the parameter gradients, instead of tfjs's moments/rsqrt/broadcast chain (about a
// dozen kernels forward and two dozen backward). Row statistics accumulate in doubles.
// Shapes: x, dy [N, C]; gamma, beta [C].
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel, registerJsKernel } from './js-kernel';
import { LAYER_NORM, LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD } from './names';

/**
 * Mean and 1/√(var + eps) of row `r` of x [N, C] (biased variance, as torch and tf.moments), in
 * one pass: Σx and Σx² in doubles, whose 53 bits keep E[x²] − E[x]² exact enough for float32
 * activations. Written into `stats` [mean, rstd] to stay allocation-free.
 */
function rowStats(x: Float32Array, r: number, C: number, eps: number, stats: Float64Array): void {
  const at = r * C;
  let sum = 0;
  let sq = 0;
  for (let c = 0; c < C; c++) {
    const v = x[at + c];
    sum += v;
    sq += v * v;
  }
  const mean = sum / C;
  stats[0] = mean;
  stats[1] = 1 / Math.sqrt(Math.max(sq / C - mean * mean, 0) + eps);
}

/** y = (x − mean)·rstd·gamma + beta, row by row. */
export function layerNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  C: number,
  eps: number,
  y: Float32Array,
): void {
  const N = x.length / C;
  const stats = new Float64Array(2);
  for (let r = 0; r < N; r++) {
    rowStats(x, r, C, eps, stats);
    const mean = stats[0];
    const rstd = stats[1];
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
  eps: number,
  dx: Float32Array,
): void {
  const N = x.length / C;
  const stats = new Float64Array(2);
  for (let r = 0; r < N; r++) {
    rowStats(x, r, C, eps, stats);
    const mean = stats[0];
    const rstd = stats[1];
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
  eps: number,
  out: Float32Array,
): void {
  const N = x.length / C;
  const dg = new Float64Array(C);
  const db = new Float64Array(C);
  const stats = new Float64Array(2);
  for (let r = 0; r < N; r++) {
    rowStats(x, r, C, eps, stats);
    const mean = stats[0];
    const rstd = stats[1];
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

export function registerLayerNormKernels(): void {
  registerJsKernel(LAYER_NORM, (io, { x, gamma, beta }, attrs) => {
    const C = x.shape[x.shape.length - 1];
    const out = io.output(x.shape);
    const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
    layerNormForward(f(x), f(gamma), f(beta), C, attrs.eps as number, out.values as Float32Array);
    return out.info;
  });
  registerJsKernel(LAYER_NORM_GRAD, (io, { x, gamma, dy }, attrs) => {
    const C = x.shape[x.shape.length - 1];
    const out = io.output(x.shape);
    const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
    layerNormBackward(f(x), f(gamma), f(dy), C, attrs.eps as number, out.values as Float32Array);
    return out.info;
  });
  registerJsKernel(LAYER_NORM_PARAM_GRAD, (io, { x, dy }, attrs) => {
    const C = x.shape[x.shape.length - 1];
    const out = io.output([2, C]);
    const f = (t: tf.TensorInfo) => io.input(t) as Float32Array;
    layerNormParamGrad(f(x), f(dy), C, attrs.eps as number, out.values as Float32Array);
    return out.info;
  });
}

/** LayerNorm of x [N, C] through the fused kernels, or null where the active backend has none. */
export function fusedLayerNorm(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
): tf.Tensor2D | null {
  if (!hasKernel(LAYER_NORM)) return null;
  const attrs = { eps } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xi, g]);
    return {
      value: tf.engine().runKernel(LAYER_NORM, { x: xi, gamma: g, beta: b }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [xs, gs]: tf.Tensor[]) => {
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
