// Independent references for the WGSL kernels: each kernel's value written with stock tfjs ops
// (tf.moments, tf.logSumExp, batched matMul + softmax, tf.gather) and its gradient taken by tfjs's
// autodiff, meant to run on the `cpu` backend; AdamW and the sum of squares as float64 loops.
// Nothing here calls the engine's fused kernels, so a shared mistake cannot hide.
import * as tf from '@tensorflow/tfjs-core';

const GELU_K = Math.sqrt(2 / Math.PI);

export function refLayerNorm(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), g), b);
}

/** [dx, dgamma, dbeta] of Σ dy·LayerNorm(x). */
export function refLayerNormGrads(
  x: tf.Tensor2D,
  g: tf.Tensor1D,
  b: tf.Tensor1D,
  dy: tf.Tensor2D,
  eps: number,
): tf.Tensor[] {
  const f = (xs: tf.Tensor, gs: tf.Tensor, bs: tf.Tensor) =>
    tf.sum(tf.mul(refLayerNorm(xs as tf.Tensor2D, gs as tf.Tensor1D, bs as tf.Tensor1D, eps), dy));
  return tf.grads(f)([x, g, b]);
}

export function refGelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_K);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

export function refGeluGrad(x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(refGelu(xs), dy)))(x);
}

/** Per-row loss [N] = logsumexp(z) − z[target]. */
export function refSoftmaxCE(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  const onehot = tf.cast(tf.oneHot(targets, logits.shape[1]), 'float32');
  return tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, onehot), 1));
}

/** d/dlogits of Σ scale·loss. */
export function refSoftmaxCEGrad(logits: tf.Tensor2D, targets: tf.Tensor1D, scale: tf.Tensor1D): tf.Tensor {
  return tf.grad((z: tf.Tensor) => tf.sum(tf.mul(refSoftmaxCE(z as tf.Tensor2D, targets), scale)))(logits);
}

/** Additive mask [B, 1, T, T]: 0 where j ≤ i within the same segment, −1e9 elsewhere. */
function attentionMask(segments: Int32Array, B: number, T: number): tf.Tensor4D {
  const m = new Float32Array(B * T * T);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++)
        if (j > i || segments[b * T + i] !== segments[b * T + j]) m[(b * T + i) * T + j] = -1e9;
  return tf.tensor4d(m, [B, 1, T, T]);
}

/** Causal segment attention from packed qkv [N, 3C] with batched matmuls and tf.softmax. */
export function refAttention(
  qkv: tf.Tensor2D,
  segments: Int32Array,
  B: number,
  T: number,
  H: number,
): tf.Tensor2D {
  const C = qkv.shape[1] / 3;
  const hs = C / H;
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, hs]), [0, 2, 1, 3]) as tf.Tensor4D;
  const [q, k, v] = tf.split(qkv, 3, 1).map(heads);
  const scores = tf.add(
    tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)),
    attentionMask(segments, B, T),
  );
  const y = tf.matMul(tf.softmax(scores), v); // [B, H, T, hs]
  return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]);
}

export function refAttentionGrad(
  qkv: tf.Tensor2D,
  segments: Int32Array,
  dy: tf.Tensor2D,
  B: number,
  T: number,
  H: number,
): tf.Tensor {
  return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(refAttention(x as tf.Tensor2D, segments, B, T, H), dy)))(
    qkv,
  );
}

/** d/dtable of Σ dy·gather(table, ids): tfjs's own gather gradient (UnsortedSegmentSum). */
export function refEmbeddingGrad(ids: tf.Tensor1D, dy: tf.Tensor2D, V: number): tf.Tensor {
  const table = tf.zeros([V, dy.shape[1]]);
  return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), dy)))(table);
}

/** The same sums in float64, position by position (for tables too big for the cpu gather gradient). */
export function refEmbeddingGrad64(ids: Int32Array, dy: Float32Array, V: number, C: number): Float64Array {
  const out = new Float64Array(V * C);
  for (let n = 0; n < ids.length; n++) {
    if (ids[n] < 0 || ids[n] >= V) continue;
    for (let c = 0; c < C; c++) out[ids[n] * C + c] += dy[n * C + c];
  }
  return out;
}

export interface AdamWRef {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  step: number;
  /** Clip factor applied to g. */
  coef: number;
}

/** One AdamW update in float64: the new p, m and v. */
export function refAdamW(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  h: AdamWRef,
): { p: Float64Array; m: Float64Array; v: Float64Array } {
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2 = 1 - h.beta2 ** h.step;
  const out = { p: new Float64Array(p.length), m: new Float64Array(p.length), v: new Float64Array(p.length) };
  for (let i = 0; i < p.length; i++) {
    const gc = g[i] * h.coef;
    const mN = h.beta1 * m[i] + (1 - h.beta1) * gc;
    const vN = h.beta2 * v[i] + (1 - h.beta2) * gc * gc;
    out.m[i] = mN;
    out.v[i] = vN;
    out.p[i] =
      p[i] * (1 - h.lr * h.weightDecay) - (h.lr / bc1) * (mN / (Math.sqrt(vN) / Math.sqrt(bc2) + h.eps));
  }
  return out;
}

export function refSumSquares(xs: Float32Array[]): number {
  let s = 0;
  for (const x of xs) for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** torch's clip factor: min(clip / (norm + 1e-6), 1); 1 when clip is 0. */
export function clipCoef(sumSq: number, clip: number): number {
  return clip > 0 ? Math.min(clip / (Math.sqrt(sumSq) + 1e-6), 1) : 1;
}
