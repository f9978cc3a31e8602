// Node test setup for the WGSL kernels: the engine's own WebGPU start (Dawn; SwiftShader where no
// GPU driver exists), the kernels registered, tfjs's CPU forwarding off so every kernel really
// runs on the GPU, and the engine's GPU fault events collected so a test can fail on them.
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { EngineService } from '../../../engine-service';
import { nodePlatform } from '../../../platform/node';
import type { EngineEvent } from '../../../../src/contract/events';
import { registerWebGPUKernels } from '.';
import { runCase, type KernelCase, type KernelCheck } from './checks';

export interface KernelTestEnv {
  /** GPU faults the engine reported (uncaptured errors, device loss). */
  faults: EngineEvent[];
}

export async function startKernelTests(): Promise<KernelTestEnv> {
  const faults: EngineEvent[] = [];
  const engine = new EngineService(nodePlatform());
  const info = await engine.init({ backend: 'webgpu' }, (e) => {
    if (e.type === 'gpu-error' || e.type === 'device-lost') faults.push(e);
  });
  if (info.backend !== 'webgpu') throw new Error(`expected the webgpu backend, got ${info.backend}`);
  registerWebGPUKernels();
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  return { faults };
}

/**
 * The same case with the reference replaced by the engine's own cpu kernel of the same name (the
 * "cpu twin", js-kernel.ts): the case's `gpu` function run with `cpu` active.
 */
export function againstCpuTwin(c: KernelCase): KernelCase {
  return { ...c, name: `${c.name} vs cpu twin`, want: c.gpu };
}

/** Run the cases and expect each within its tolerance, with no WebGPU error. */
export async function expectCases(cases: KernelCase[]): Promise<KernelCheck[]> {
  const results: KernelCheck[] = [];
  for (const c of cases) {
    const r = await runCase(c);
    results.push(r);
    expect(r.error, `${r.name}: WebGPU error`).toBeUndefined();
    expect(r.maxAbsDiff, `${r.name}: max |webgpu − cpu|`).toBeLessThanOrEqual(r.tolerance);
  }
  return results;
}

/** Run `build` on webgpu twice and expect bit-identical outputs (no order-dependent float sums). */
export async function expectDeterministic(build: () => tf.Tensor): Promise<void> {
  await tf.setBackend('webgpu');
  const once = async () => {
    const t = tf.tidy(build);
    const data = new Uint8Array(((await t.data()) as Float32Array).slice().buffer);
    t.dispose();
    return data;
  };
  const [a, b] = [await once(), await once()];
  expect(a.length).toBeGreaterThan(0);
  expect(Buffer.compare(a, b), 'two runs differ bitwise').toBe(0);
}
