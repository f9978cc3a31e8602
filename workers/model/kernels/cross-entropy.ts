// Fused sparse softmax cross-entropy for the cpu and wasm backends: the per-row loss
// logsumexp(z) − z[target] in one pass, and its gradient (softmax(z) − onehot)·scale in another,
// with no one-hot matrix, log-softmax or broadcast on the tape. A target outside [0, V) picks
// nothing (as a one-hot row of zeros would). Shapes: logits [N, V], targets [N] int32, scale [N].
import * as tf from '@tensorflow/tfjs-core';
import { fastExp } from './fast-math';
import { hasKernel, registerJsKernel, registerWasmKernel } from './js-kernel';
import { wasmGemm } from './wasm-gemm';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD } from './names';

/** Max and Σ exp(z − max) of row r. */
function rowMaxSum(z: Float32Array, at: number, V: number): [number, number] {
  let max = -Infinity;
  for (let j = 0; j < V; j++) if (z[at + j] > max) max = z[at + j];
  let sum = 0;
  for (let j = 0; j < V; j++) sum += fastExp(z[at + j] - max);
  return [max, sum];
}

/** loss[i] = logsumexp(z_i) − z_i[t_i]. */
export function softmaxCrossEntropy(
  z: Float32Array,
  targets: Int32Array,
  V: number,
  loss: Float32Array,
): void {
  for (let i = 0; i < targets.length; i++) {
    const at = i * V;
    const [max, sum] = rowMaxSum(z, at, V);
    const t = targets[i];
    loss[i] = max + Math.log(sum) - (t >= 0 && t < V ? z[at + t] : 0);
  }
}

/** dz_i = (softmax(z_i) − onehot(t_i))·scale_i. */
export function softmaxCrossEntropyGrad(
  z: Float32Array,
  targets: Int32Array,
  scale: Float32Array,
  V: number,
  dz: Float32Array,
): void {
  for (let i = 0; i < targets.length; i++) {
    const at = i * V;
    const s = scale[i];
    if (s === 0) {
      dz.fill(0, at, at + V);
      continue;
    }
    const [max, sum] = rowMaxSum(z, at, V);
    const k = s / sum;
    for (let j = 0; j < V; j++) dz[at + j] = fastExp(z[at + j] - max) * k;
    const t = targets[i];
    if (t >= 0 && t < V) dz[at + t] -= s;
  }
}

/** Floats of softmax scratch the wasm forward uses at a time (1 MB). */
const CHUNK = 1 << 18;

/** Below this probability −log p loses digits in float32: such rows take the exact JS path. */
const TINY = 1e-30;

export function registerCrossEntropyKernels(): void {
  // wasm: the exps in XNNPACK's softmax (SIMD) into heap scratch, then one cheap JS pass.
  registerWasmKernel(SOFTMAX_CE, (backend, { logits, targets }) => {
    const [N, V] = logits.shape;
    const out = backend.makeOutput([N], 'float32');
    const g = wasmGemm(backend);
    const rows = Math.max(1, Math.min(N, Math.floor(CHUNK / V))); // softmax scratch a chunk of rows at a time
    const probs = g.alloc(rows * V);
    try {
      const z = g.offsetOf(backend, logits.dataId);
      const loss = g.offsetOf(backend, out.dataId);
      for (let r0 = 0; r0 < N; r0 += rows) {
        const n = Math.min(rows, N - r0);
        g.softmax(z + r0 * V, n, V, probs);
        const H = g.heap();
        const ts = new Int32Array(H.buffer, backend.getMemoryOffset(targets.dataId) as number, N);
        for (let i = r0; i < r0 + n; i++) {
          const t = ts[i];
          const pt = t >= 0 && t < V ? H[probs + (i - r0) * V + t] : 0;
          if (pt > TINY) {
            H[loss + i] = -Math.log(pt);
            continue;
          }
          const row = H.subarray(z + i * V, z + (i + 1) * V); // rare: exact logsumexp(z) − z[t]
          const [max, sum] = rowMaxSum(row, 0, V);
          H[loss + i] = max + Math.log(sum) - (t >= 0 && t < V ? row[t] : 0);
        }
      }
    } finally {
      g.free(probs);
    }
    return out;
  });
  registerWasmKernel(SOFTMAX_CE_GRAD, (backend, { logits, targets, scale }) => {
    const [N, V] = logits.shape;
    const out = backend.makeOutput([N, V], 'float32');
    const g = wasmGemm(backend);
    const dz = g.offsetOf(backend, out.dataId);
    g.softmax(g.offsetOf(backend, logits.dataId), N, V, dz); // our own fresh output: written in place below
    const H = g.heap();
    const ts = new Int32Array(H.buffer, backend.getMemoryOffset(targets.dataId) as number, N);
    const sc = g.offsetOf(backend, scale.dataId);
    for (let i = 0; i < N; i++) {
      const s = H[sc + i];
      const at = dz + i * V;
      for (let j = 0; j < V; j++) H[at + j] *= s;
      const t = ts[i];
      if (t >= 0 && t < V) H[at + t] -= s;
    }
    return out;
  });
  registerJsKernel(SOFTMAX_CE, (io, { logits, targets }) => {
    const [N, V] = logits.shape;
    const out = io.output([N]);
    softmaxCrossEntropy(
      io.input(logits) as Float32Array,
      io.input(targets) as Int32Array,
      V,
      out.values as Float32Array,
    );
    return out.info;
  });
  registerJsKernel(SOFTMAX_CE_GRAD, (io, { logits, targets, scale }) => {
    const V = logits.shape[1];
    const out = io.output(logits.shape);
    softmaxCrossEntropyGrad(
      io.input(logits) as Float32Array,
      io.input(targets) as Int32Array,
      io.input(scale) as Float32Array,
      V,
      out.values as Float32Array,
    );
    return out.info;
  });
}

/**
 * Σ wᵢ·(logsumexp(zᵢ) − zᵢ[tᵢ]) / max(Σ wᵢ, 1e-9) through the fused kernels, or null where the
 * active backend has none. logits [N, V], targets [N] int32, weights [N].
 */
export function fusedCrossEntropy(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  weights: tf.Tensor1D,
): tf.Scalar | null {
  if (!hasKernel(SOFTMAX_CE)) return null;
  const op = tf.customGrad(((z: tf.Tensor, t: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    const total = tf.maximum(tf.sum(w), 1e-9);
    const rows = tf.engine().runKernel(SOFTMAX_CE, { logits: z, targets: t }) as tf.Tensor; // [N]
    save([z, t, w, total]);
    return {
      value: tf.div(tf.sum(tf.mul(rows, w)), total),
      gradFunc: (dy: tf.Tensor, [zs, ts, ws, tot]: tf.Tensor[]) => {
        const scale = tf.div(tf.mul(ws, dy), tot); // [N]
        return [
          tf.engine().runKernel(SOFTMAX_CE_GRAD, { logits: zs, targets: ts, scale }) as tf.Tensor,
          tf.zeros(ws.shape), // targets and weights get no gradient (made without a kernel call)
          tf.zeros(ws.shape),
        ];
      },
    };
  }) as never) as unknown as (z: tf.Tensor, t: tf.Tensor, w: tf.Tensor) => tf.Scalar;
  return op(logits, targets, weights);
}
