// Fused tanh-GELU (GPT-2's `gelu_new`) for the cpu and wasm backends: one pass forward, one pass
// backward, instead of the eight elementwise ops (and libm's slow `pow`) of the composite form.
// 0.5·x·(1 + tanh u) is computed as x / (1 + e^(−2u)), with fast-math.ts's exp.
import * as tf from '@tensorflow/tfjs-core';
import { fastExp } from './fast-math';
import { hasKernel, registerJsKernel } from './js-kernel';
import { GELU, GELU_GRAD } from './names';

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export function registerGeluKernels(): void {
  registerJsKernel(GELU, (io, { x }) => {
    const xs = io.input(x) as Float32Array;
    const out = io.output(x.shape);
    const y = out.values as Float32Array;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      y[i] = v / (1 + fastExp(-2 * K * (v + A * v * v * v)));
    }
    return out.info;
  });
  registerJsKernel(GELU_GRAD, (io, { x, dy }) => {
    const xs = io.input(x) as Float32Array;
    const g = io.input(dy) as Float32Array;
    const out = io.output(x.shape);
    const dx = out.values as Float32Array;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      const t = 1 - 2 / (1 + fastExp(2 * K * (v + A * v * v * v))); // tanh u
      dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * A * v * v));
    }
    return out.info;
  });
}

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
