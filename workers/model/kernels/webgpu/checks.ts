// Numerical checks of the WGSL kernels against the cpu backend: each case (cases.ts) runs one kernel on
// `webgpu` (inside WebGPU error scopes, so a shader that fails validation is reported, not read as
// garbage) and its independent reference (reference.ts) on `cpu`, and compares. The Node tests
// run these cases at odd and preset sizes; `runWebGPUKernelChecks` runs a small set anywhere the
// engine runs (the browser worker included) and restores the active backend afterwards.
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { adamWAllCases, adamWCases, adamWParamsAllCase } from './cases-adamw';
import {
  attentionCases,
  embeddingGradCases,
  geluCases,
  layerNormCases,
  softmaxCECases,
  type KernelCase,
} from './cases';

export type { KernelCase };

export interface KernelCheck {
  name: string;
  maxAbsDiff: number;
  /** The allowed max |webgpu − reference|: the case's relative tolerance × max(1, max |reference|). */
  tolerance: number;
  passed: boolean;
  /** A WebGPU validation / internal / out-of-memory error raised while the kernel ran. */
  error?: string;
}

/** The largest |a − b| (Infinity on NaN or a length mismatch) and max |b|. */
export function compare(got: ArrayLike<number>, want: ArrayLike<number>): { diff: number; scale: number } {
  if (got.length !== want.length) return { diff: Infinity, scale: 0 };
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return { diff, scale };
}

async function values(build: () => tf.Tensor | Float64Array): Promise<ArrayLike<number>> {
  let plain: Float64Array | undefined;
  const made = tf.tidy(() => {
    const r = build();
    if (r instanceof tf.Tensor) return r;
    plain = r;
    return tf.scalar(0);
  });
  const data = await made.data();
  made.dispose();
  return plain ?? data;
}

/** Run `fn` on webgpu inside error scopes; resolves to its values and any WebGPU error. */
async function onWebGPU(fn: () => tf.Tensor): Promise<{ got: ArrayLike<number>; error?: string }> {
  await tf.setBackend('webgpu');
  const device = (tf.backend() as WebGPUBackend).device;
  const scopes: GPUErrorFilter[] = ['validation', 'internal', 'out-of-memory'];
  for (const s of scopes) device.pushErrorScope(s);
  let got: ArrayLike<number> = [];
  let thrown: string | undefined;
  try {
    const t = tf.tidy(fn);
    got = await t.data();
    t.dispose();
  } catch (e) {
    thrown = e instanceof Error ? e.message : String(e);
  }
  const errors: string[] = [];
  for (let i = 0; i < scopes.length; i++) {
    const err = await device.popErrorScope();
    if (err) errors.push(err.message);
  }
  if (thrown) errors.unshift(thrown);
  return { got, error: errors.length ? errors.join('; ') : undefined };
}

export async function runCase(c: KernelCase): Promise<KernelCheck> {
  await tf.setBackend('cpu');
  const want = await values(c.want);
  const { got, error } = await onWebGPU(c.gpu);
  const { diff, scale } = compare(got, want);
  const tolerance = c.tol * Math.max(1, scale);
  return {
    name: c.name,
    maxAbsDiff: diff,
    tolerance,
    passed: !error && diff <= tolerance,
    ...(error ? { error } : {}),
  };
}

/** Every kernel at small, odd sizes: a quick numerics self-test of the WebGPU fast path. */
export function smallCases(): KernelCase[] {
  return [
    ...layerNormCases(37, 29),
    ...geluCases([37, 29]),
    ...softmaxCECases(37, 101),
    ...attentionCases(2, 13, 3, 15, true),
    ...embeddingGradCases(37, 19, 29),
    ...adamWCases([1001, 37, 29, 5, 7, 11, 13, 17, 19, 23]),
    ...adamWAllCases([5, 1001, 37, 29, 7, 11, 13, 17, 19, 3], 2),
    adamWParamsAllCase([5, 1001, 36, 29, 7, 12, 13, 17, 19, 3, 30]),
  ];
}

/** Run `smallCases()` webgpu-vs-cpu; the backend that was active before is active again after. */
export async function runWebGPUKernelChecks(): Promise<KernelCheck[]> {
  const before = tf.getBackend();
  const results: KernelCheck[] = [];
  try {
    for (const c of smallCases()) results.push(await runCase(c));
  } finally {
    await tf.setBackend(before);
  }
  return results;
}
