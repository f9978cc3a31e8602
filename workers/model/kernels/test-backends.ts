// Test helpers for the fused kernels: start the cpu, wasm or webgpu (Dawn) backend in Node with
// the engine's kernels, random tensors, and closeness checks. Only imported by *.test.ts files.
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { startBackend } from '../../backend';
import { nodePlatform } from '../../platform/node';
import { Rng } from '../../../src/core/rng';
import { registerEngineKernels } from './index';

export const JS_BACKENDS = ['cpu', 'wasm'] as const;
/** The JS-memory backends and webgpu (Dawn in Node): where the model's fused ops are tested. */
export const ALL_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

export async function useBackend(name: 'cpu' | 'wasm' | 'webgpu'): Promise<void> {
  await startBackend(name, nodePlatform(), () => {});
  registerEngineKernels();
  // On webgpu every kernel runs on the GPU, even on tiny inputs (tfjs forwards those to the CPU).
  tf.env().set('WEBGPU_CPU_FORWARD', name !== 'webgpu');
}

export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(new Rng(seed).normals(n, scale), shape);
}

export function randInts(n: number, max: number, seed: number): tf.Tensor1D {
  const rng = new Rng(seed);
  return tf.tensor1d(
    Int32Array.from({ length: n }, () => rng.int(max)),
    'int32',
  );
}

/** Max |a − b| over all elements, with shapes checked. */
export async function expectClose(got: tf.Tensor, want: tf.Tensor, tol: number, what: string): Promise<void> {
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  const [a, b] = [await got.data(), await want.data()];
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  expect(m, `${what}: max abs difference`).toBeLessThan(tol);
}
