// The GPT's building blocks as tfjs functions. On wasm every matmul of a training step is a plain
// 2-D product without transpose flags: tfjs-wasm sends transposed or batched matmuls to a scalar
// loop 10x slower than XNNPACK (TECH.md §1.7), and tfjs's own matmul gradient passes transpose
// flags. So `linear` carries its own gradient with explicit 2-D transposes there. Elsewhere (webgpu,
// cpu) the matmul kernels take transpose flags natively, and the products use them instead of
// Transpose kernels: one kernel call per product, the fewest dispatches on webgpu.
// LayerNorm, attention, GELU, cross-entropy and the embedding backward go through the engine's
// fused kernels (kernels/) where the active backend has them, else through composite ops.
// Shapes: B batch, T time, C channels, H heads, hs = C/H, V vocabulary, N = B·T rows.
import * as tf from '@tensorflow/tfjs-core';
import { fusedAttention } from './kernels/attention';
import { fusedCrossEntropy } from './kernels/cross-entropy';
import { embeddingLookup } from './kernels/embedding';
import { gelu } from './kernels/gelu';
import { saveForGrad } from './kernels/grad-save';
import { fusedLayerNorm } from './kernels/layer-norm';

export const LAYER_NORM_EPS = 1e-5;

type GradFunc<R> = (dy: R, saved: tf.Tensor[]) => tf.Tensor[];

/** tf.customGrad with its types spelled out: `f(...inputs, save)` returns a value and its gradient. */
function customOp<A extends tf.Tensor[], R extends tf.Tensor>(
  f: (...args: [...A, tf.GradSaveFunc]) => { value: R; gradFunc: GradFunc<R> },
): (...args: A) => R {
  const op = tf.customGrad(f as never);
  return (...args: A) => op(...args) as R;
}

// The wasm products. XNNPACK re-packs the right operand of every product with fresh data (~10 ns
// an element, measured), about twice what a 2-D transpose costs; so the weight and bias gradients
// are arranged to pack the smaller operand.
const PACK_COST = 2; // packing one element of the right operand, in transposed-element units

/**
 * dW = xᵀ·dy [in, out] for x [N, in], dy [N, out] (dyT = dyᵀ when the caller has it): as xᵀ·dy
 * (transposes x, packs dy) or (dyᵀ·x)ᵀ (packs x, transposes the small result), whichever costs less.
 */
function weightGrad(x: tf.Tensor2D, dy: tf.Tensor2D, dyT?: tf.Tensor2D): tf.Tensor2D {
  const [N, nIn] = x.shape;
  const nOut = dy.shape[1];
  const direct = N * nIn + PACK_COST * N * nOut;
  const viaT = (dyT ? 0 : N * nOut) + PACK_COST * N * nIn + nIn * nOut;
  if (viaT < direct) return tf.transpose(tf.matMul(dyT ?? tf.transpose(dy), x));
  return tf.matMul(tf.transpose(x), dy);
}

const onesColumns = new Map<string, tf.Tensor2D>();

/** A kept ones [N, 1] on the active backend. */
function onesColumn(N: number): tf.Tensor2D {
  const key = `${tf.getBackend()}:${N}`;
  let ones = onesColumns.get(key);
  if (!ones) {
    ones = tf.keep(tf.ones([N, 1])) as tf.Tensor2D;
    onesColumns.set(key, ones);
  }
  return ones;
}

/**
 * [dx, dW, db] of y = x·W + b on wasm: db = dyᵀ·1 as a GEMV that packs only the ones (tfjs-wasm's
 * axis-0 Sum transposes first; ones·dy would pack all of dy), and dyᵀ then also serves dW.
 */
function linearGrads(x: tf.Tensor2D, w: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor[] {
  const [N, nOut] = dy.shape;
  const dx = tf.matMul(dy, tf.transpose(w)); // dx = dy·Wᵀ  [N, in]
  const dyT = tf.transpose(dy) as tf.Tensor2D; // [out, N]
  return [dx, weightGrad(x, dy, dyT), tf.reshape(tf.matMul(dyT, onesColumn(N)), [nOut])];
}

/** Whether products must avoid transpose flags (tfjs-wasm's XNNPACK path, see the header). */
const plainProducts = () => tf.getBackend() === 'wasm';

/** x·W (+ bias) with optional transpose flags, as one kernel call (webgpu and cpu only). */
function product(
  a: tf.Tensor,
  b: tf.Tensor,
  transposeA = false,
  transposeB = false,
  bias?: tf.Tensor,
): tf.Tensor2D {
  if (!bias) return tf.matMul(a, b, transposeA, transposeB) as tf.Tensor2D;
  const attrs = { transposeA, transposeB, activation: 'linear', leakyreluAlpha: 0 };
  return tf
    .engine()
    .runKernel(tf._FusedMatMul, { a, b, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/** y = x·W + b for x [N, in], W [in, out] (GPT-2's Conv1D layout), b [out]; the bias rides in the matmul. */
export const linear = customOp((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  if (plainProducts()) {
    save([x, w]);
    return {
      value: tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D, // [N, out]
      gradFunc: (dy: tf.Tensor2D, [xs, ws]: tf.Tensor[]) =>
        linearGrads(xs as tf.Tensor2D, ws as tf.Tensor2D, dy),
    };
  }
  const restore = saveForGrad(save, [x, w]);
  return {
    value: product(x, w, false, false, b), // [N, out]
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = restore(saved);
      // dx = dy·Wᵀ [N, in], dW = xᵀ·dy [in, out], db = Σ_rows dy [out]
      return [product(dy, ws, false, true), product(xs, dy, true, false), tf.sum(dy, 0)];
    },
  };
});

/**
 * The tied LM head: logits [N, V] = x [N, C]·wteᵀ for wte [V, C]. Its gradient needs no transpose
 * of wte: dx = dy·wte, and dwte = dyᵀ·x (on wasm or (xᵀ·dy)ᵀ, whichever `weightGrad` finds cheaper).
 */
export const tiedHead = customOp((x: tf.Tensor2D, wte: tf.Tensor2D, save: tf.GradSaveFunc) => {
  if (plainProducts()) {
    save([x, wte]);
    return {
      value: tf.matMul(x, tf.transpose(wte)) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, [xs, ws]: tf.Tensor[]) => [
        tf.matMul(dy, ws),
        headWeightGrad(xs as tf.Tensor2D, dy), // dwte [V, C]
      ],
    };
  }
  const restore = saveForGrad(save, [x, wte]);
  return {
    value: product(x, wte, false, true),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = restore(saved);
      return [product(dy, ws), product(dy, xs, true, false)]; // dx [N, C], dwte [V, C]
    },
  };
});

/** dwte [V, C] = dyᵀ·x for dy [N, V], x [N, C] on wasm, the cheaper way round (as `weightGrad`). */
function headWeightGrad(x: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  const [N, C] = x.shape;
  const V = dy.shape[1];
  const direct = N * V + PACK_COST * N * C; // dyᵀ, then pack x
  const viaT = N * C + PACK_COST * N * V + C * V; // xᵀ, pack dy, transpose the result
  if (direct <= viaT) return tf.matMul(tf.transpose(dy), x);
  return tf.transpose(tf.matMul(tf.transpose(x), dy));
}

/**
 * x + y for same-shape x, y (a residual connection), differentiated by hand: tfjs's Add saves
 * both inputs for its gradient (an Identity each, a copy on wasm) and reshapes dy twice. Here
 * dy flows to x as it is and to y as a Reshape (a second reference to the same data, so the
 * tape's accumulation into one input's gradient cannot dispose the other's).
 */
export const residual = customOp<[tf.Tensor2D, tf.Tensor2D], tf.Tensor2D>((x, y) => ({
  value: tf.add(x, y) as tf.Tensor2D,
  gradFunc: (dy: tf.Tensor2D) => [dy, tf.reshape(dy, dy.shape)],
}));

/** LayerNorm over the last axis: (x − mean) / sqrt(var + eps) · g + b, for x [N, C]. */
export function layerNorm(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor2D {
  const fused = fusedLayerNorm(x, g, b, LAYER_NORM_EPS);
  if (fused) return fused;
  const { mean, variance } = tf.moments(x, -1, true); // [N, 1] each
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPS)));
  return tf.add(tf.mul(normed, g), b);
}

/** GELU, tanh approximation (GPT-2's `gelu_new`): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  return gelu(x);
}

/** An additive causal mask [T, T]: 0 where key j ≤ query i, −1e9 above the diagonal. */
export function causalMask(T: number): tf.Tensor2D {
  const values = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) values[i * T + j] = -1e9;
  return tf.tensor2d(values, [T, T]);
}

/** [N, C] → [B·H, T, hs]: split the channels into heads. */
function toHeads(t: tf.Tensor2D, B: number, T: number, H: number): tf.Tensor3D {
  const hs = t.shape[1] / H;
  return tf.reshape(tf.transpose(tf.reshape(t, [B, T, H, hs]), [0, 2, 1, 3]), [B * H, T, hs]);
}

/** [B·H, T, hs] → [N, C]: concatenate the heads back in order. */
function fromHeads(t: tf.Tensor3D, B: number, T: number, H: number): tf.Tensor2D {
  const hs = t.shape[2];
  return tf.reshape(tf.transpose(tf.reshape(t, [B, H, T, hs]), [0, 2, 1, 3]), [B * T, H * hs]);
}

/** An additive mask [B, T, T] that is causal and keeps each position within its segment [B, T]. */
export function segmentMask(segments: tf.Tensor2D, causal: tf.Tensor2D): tf.Tensor3D {
  const same = tf.equal(tf.expandDims(segments, 2), tf.expandDims(segments, 1)); // [B, T, T]
  return tf.add(tf.mul(tf.sub(1, tf.cast(same, 'float32')), -1e9), causal) as tf.Tensor3D;
}

/**
 * Multi-head attention from packed qkv [N, 3C] (rows [q | k | v]) to y [N, C], within the segments
 * [N] (int32, row-major [B, T]). Uses the fused kernel where the backend has one; otherwise
 * composite ops with the additive `mask`, [T, T] (causal) or [B, T, T] (causal within segments).
 */
export function attention(
  qkv: tf.Tensor2D,
  segments: tf.Tensor1D,
  dims: { B: number; T: number; H: number },
  mask: () => tf.Tensor,
): tf.Tensor2D {
  const { B, T, H } = dims;
  const fused = fusedAttention(qkv, segments, dims);
  if (fused) return fused;
  const C = qkv.shape[1] / 3;
  const [q, k, v] = tf.split(qkv, [C, C, C], 1) as tf.Tensor2D[];
  const hs = q.shape[1] / H;
  const qh = toHeads(q, B, T, H); // [B·H, T, hs]
  const kh = toHeads(k, B, T, H);
  const vh = toHeads(v, B, T, H);
  const m = mask();
  let scores = tf.mul(tf.matMul(qh, kh, false, true), 1 / Math.sqrt(hs)); // [B·H, T, T]
  scores =
    m.rank === 2
      ? tf.add(scores, m)
      : tf.reshape(tf.add(tf.reshape(scores, [B, H, T, T]), tf.expandDims(m, 1)), [B * H, T, T]);
  const probs = tf.softmax(scores); // [B·H, T, T]
  return fromHeads(tf.matMul(probs, vh), B, T, H); // [N, C]
}

/**
 * Mean cross-entropy of logits [N, V] against integer targets [N], each row weighted by
 * `weights` [N] (1 = counts, 0 = ignored, e.g. prompt tokens in instruction tuning):
 * Σ wᵢ·(logsumexp(zᵢ) − zᵢ[tᵢ]) / Σ wᵢ. Gradient (softmax − onehot)·w/Σw, without a
 * log-softmax tensor on the tape.
 */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  return fusedCrossEntropy(logits, targets, weights) ?? compositeCrossEntropy(logits, targets, weights);
}

const compositeCrossEntropy = customOp(
  (logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const V = logits.shape[1];
    const onehot = tf.cast(tf.oneHot(targets, V), 'float32'); // [N, V]; cast, never a float oneHot (TECH §1.7)
    const total = tf.maximum(tf.sum(weights), 1e-9);
    const lse = tf.logSumExp(logits, 1); // [N]
    const picked = tf.sum(tf.mul(logits, onehot), 1); // [N]
    save([logits, onehot, weights, total]);
    return {
      value: tf.div(tf.sum(tf.mul(tf.sub(lse, picked), weights)), total) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, [z, oh, w, tot]: tf.Tensor[]) => {
        const scale = tf.div(tf.mul(w, dy), tot); // [N]
        return [tf.mul(tf.sub(tf.softmax(z), oh), tf.expandDims(scale, 1)), tf.zerosLike(w), tf.zerosLike(w)];
      },
    };
  },
);

/** Rows `ids` [N] of `table` [R, C] → [N, C]; the gradient sums rows by id, deterministically. */
export function embedding(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  return embeddingLookup(table, ids);
}

/** Inverted dropout with a per-call seed; the identity when rate is 0 or not training. */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed: number): tf.Tensor {
  return training && rate > 0 ? tf.dropout(x, rate, undefined, seed) : x;
}
