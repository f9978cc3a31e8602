// tanh-GELU (GPT-2's `gelu_new`): 0.5·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³).
// On cpu, a fused JS kernel: one pass forward, one backward, with 0.5·(1 + tanh u) = σ(2u) computed
// as 1 / (1 + e^(−2u)) with fast-math.ts's exp; on webgpu a WGSL kernel (webgpu/gelu.ts). On wasm
// (and on webgpu before its kernel is registered) the same σ form as a few stock ops with a
// hand-written gradient: on wasm those ops run on XNNPACK's SIMD loops, ~5× faster than the JS
// kernel (measured, 1024×512), and they avoid libm's tanh and pow.
import * as tf from '@tensorflow/tfjs-core';
import { fastExp } from './fast-math';
import { hasKernel, registerJsKernel } from './js-kernel';
import { GELU, GELU_GRAD } from './names';

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export function registerGeluKernels(): void {
  registerJsKernel(
    GELU,
    (io, { x }) => {
      const out = io.output(x.shape); // outputs first: on wasm an allocation may move the heap
      const xs = io.input(x) as Float32Array;
      const y = out.values as Float32Array;
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i];
        y[i] = v / (1 + fastExp(-2 * K * (v + A * v * v * v)));
      }
      return out.info;
    },
    ['cpu'],
  );
  registerJsKernel(
    GELU_GRAD,
    (io, { x, dy }) => {
      const out = io.output(x.shape);
      const xs = io.input(x) as Float32Array;
      const g = io.input(dy) as Float32Array;
      const dx = out.values as Float32Array;
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i];
        const t = 1 - 2 / (1 + fastExp(2 * K * (v + A * v * v * v))); // tanh u
        dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * A * v * v));
      }
      return out.info;
    },
    ['cpu'],
  );
}

/** GELU through the fused kernel where the backend has one, else the σ form (`sigmoidGelu`). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return fusedGelu(x) ?? sigmoidGelu(x);
}

/**
 * GELU as x·σ(2u) in stock ops, with the gradient dy·(σ + 2·x·σ·(1 − σ)·K·(1 + 3A·x²)), where
 * 2u = x·(2K + 2KA·x²) and σ = σ(2u) = 0.5·(1 + tanh u).
 */
export const sigmoidGelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const sq = tf.square(x);
  const sig = tf.sigmoid(tf.mul(x, tf.add(tf.mul(sq, 2 * K * A), 2 * K)));
  save([x, sq, sig]);
  return {
    value: tf.mul(x, sig),
    gradFunc: (dy: tf.Tensor, [xs, sqs, s]: tf.Tensor[]) => {
      const slope = tf.add(tf.mul(sqs, 6 * K * A), 2 * K); // 2K·(1 + 3A·x²)
      const local = tf.add(tf.mul(tf.mul(tf.mul(s, tf.sub(1, s)), slope), xs), s);
      return [tf.mul(local, dy)];
    },
  };
}) as never) as unknown as (x: tf.Tensor) => tf.Tensor;

/** GELU through the fused kernel, or null where the active backend has none. */
export function fusedGelu(x: tf.Tensor): tf.Tensor | null {
  if (!hasKernel(GELU)) return null;
  const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input]);
    return {
      value: tf.engine().runKernel(GELU, { x: input }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => [
        tf.engine().runKernel(GELU_GRAD, { x: xs, dy }) as tf.Tensor,
      ],
    };
  }) as never) as unknown as (input: tf.Tensor) => tf.Tensor;
  return op(x);
}
