// Test harness for e2e/kernels-webgpu.spec.ts: a module worker that starts tfjs on the browser's
// WebGPU, registers the engine's WGSL kernels and runs their numerics checks against the cpu
// backend (workers/model/kernels/webgpu/checks.ts), then posts the results and any uncaptured
// WebGPU error. Bundled by the spec itself; not part of the lab's build.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { registerWebGPUKernels } from '../../workers/model/kernels/webgpu';
import { runWebGPUKernelChecks, type KernelCheck } from '../../workers/model/kernels/webgpu/checks';

export interface HarnessReport {
  inWorker: boolean;
  backend: string;
  checks: KernelCheck[];
  uncapturedErrors: string[];
  error?: string;
}

async function main(): Promise<HarnessReport> {
  const uncapturedErrors: string[] = [];
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start the webgpu backend');
  await tf.ready();
  const device = (tf.backend() as WebGPUBackend).device;
  device.addEventListener('uncapturederror', (e) =>
    uncapturedErrors.push((e as GPUUncapturedErrorEvent).error.message),
  );
  tf.env().set('WEBGPU_CPU_FORWARD', false); // run the GPU kernels even on tiny inputs
  registerWebGPUKernels();
  const checks = await runWebGPUKernelChecks();
  return {
    inWorker: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined',
    backend: tf.getBackend(),
    checks,
    uncapturedErrors,
  };
}

main().then(
  (report) => self.postMessage(report),
  (e: unknown) =>
    self.postMessage({
      inWorker: true,
      backend: tf.getBackend(),
      checks: [],
      uncapturedErrors: [],
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    } satisfies HarnessReport),
);
