// The numerics self-test run before the engine says it is ready: a matmul, a softmax and a
// gradient computed on the active backend and on the CPU backend, compared element by element.
// It catches broken drivers and vendor shader bugs (TECH.md §1.3.12) before a user trains on them.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng';
import type { SelfTestCheck, SelfTestResult } from '../src/contract/backend';

export const SELF_TEST_TOLERANCE = 1e-4;

type Outputs = Record<string, Float32Array>;

/** Inputs are fixed by a seed, so every device sees the same problem. Odd sizes on purpose. */
function inputs() {
  const rng = new Rng(20240507);
  const M = 37;
  const K = 45;
  const N = 29;
  return {
    M,
    K,
    N,
    x: rng.normals(M * K, 0.5),
    w: rng.normals(K * N, 0.3),
    labels: Int32Array.from({ length: M }, () => rng.int(N)),
  };
}

/** Runs the three probes on the active backend and reads results back asynchronously. */
async function probe(): Promise<Outputs> {
  const { M, K, N, x, w, labels } = inputs();
  const [logits, probs, gradW] = tf.tidy(() => {
    const X = tf.tensor2d(x, [M, K]);
    const W = tf.tensor2d(w, [K, N]);
    const y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), N), 'float32'); // [M, N]
    // d/dW of the mean cross-entropy: exercises the transposed matmuls of the backward pass.
    const lossOf = (weights: tf.Tensor) =>
      tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(tf.matMul(X, weights as tf.Tensor2D))), -1)));
    const z = tf.matMul(X, W); // [M, N]
    return [z, tf.softmax(z), tf.grad(lossOf)(W)]; // [M, N], [M, N], [K, N]
  });
  const out: Outputs = {
    matmul: (await logits.data()) as Float32Array,
    softmax: (await probs.data()) as Float32Array,
    gradient: (await gradW.data()) as Float32Array,
  };
  tf.dispose([logits, probs, gradW]);
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Compare the active backend with the CPU backend; leaves the active backend active. */
export async function runSelfTest(tolerance = SELF_TEST_TOLERANCE): Promise<SelfTestResult> {
  const started = performance.now();
  const active = tf.getBackend();
  const got = await probe();
  await tf.setBackend('cpu');
  const reference = await probe();
  await tf.setBackend(active);
  const checks: SelfTestCheck[] = Object.keys(reference).map((name) => {
    const diff = maxAbsDiff(got[name], reference[name]);
    return { name, maxAbsDiff: diff, tolerance, passed: diff <= tolerance };
  });
  return { passed: checks.every((c) => c.passed), checks, millis: performance.now() - started };
}
