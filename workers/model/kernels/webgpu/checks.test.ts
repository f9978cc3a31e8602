// The in-engine numerics check of the WGSL kernels (what the browser runs): every kernel passes,
// the active backend is restored, and a shader that fails validation (a compile error, too many
// bindings) is reported, not passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { program, registerWebGPUKernel, run } from './program';
import { runCase, runWebGPUKernelChecks } from './checks';
import { startKernelTests, type KernelTestEnv } from './test-env';

let env: KernelTestEnv;
beforeAll(async () => {
  env = await startKernelTests();
});
afterAll(() => expect(env.faults).toEqual([]));

describe('runWebGPUKernelChecks', () => {
  it('passes every kernel and restores the backend', async () => {
    await tf.setBackend('webgpu');
    const results = await runWebGPUKernelChecks();
    expect(tf.getBackend()).toBe('webgpu');
    expect(results.length).toBe(21);
    for (const r of results) expect(r, r.name).toMatchObject({ passed: true });
  });

  it('reports a kernel whose WGSL does not compile', async () => {
    registerWebGPUKernel('CodemixBrokenForTest', (backend, { x }) =>
      run(
        backend,
        program({
          key: 'cmBroken',
          inputs: ['x'],
          outputShape: x.shape,
          workgroups: 1,
          workgroupSize: 64,
          code: 'fn main(index : i32) { result[0] = x[0] + undefinedThing; }',
        }),
        [x],
      ),
    );
    const r = await runCase({
      name: 'broken',
      tol: 1,
      gpu: () => tf.engine().runKernel('CodemixBrokenForTest', { x: tf.ones([4]) }) as tf.Tensor,
      want: () => tf.ones([4]),
    });
    expect(r.passed).toBe(false);
    expect(r.error).toMatch(/undefinedThing|error/i);
  });

  it('reports a program that binds more storage buffers than the device allows', async () => {
    const count = (tf.backend() as WebGPUBackend).device.limits.maxStorageBuffersPerShaderStage; // + output
    const names = Array.from({ length: count }, (_, i) => `x${i}`);
    registerWebGPUKernel('CodemixTooManyBuffersForTest', (backend, inputs) =>
      run(
        backend,
        program({
          key: 'cmTooMany',
          inputs: names,
          outputShape: [4],
          workgroups: 1,
          workgroupSize: 64,
          code: `fn main(index : i32) { if (index < 4) { result[index] = ${names.map((x) => `${x}[index]`).join(' + ')}; } }`,
        }),
        names.map((x) => inputs[x]),
      ),
    );
    const r = await runCase({
      name: 'too many buffers',
      tol: 1,
      gpu: () =>
        tf
          .engine()
          .runKernel(
            'CodemixTooManyBuffersForTest',
            Object.fromEntries(names.map((x) => [x, tf.ones([4])])),
          ) as tf.Tensor,
      want: () => tf.fill([4], count),
    });
    expect(r.passed).toBe(false);
    expect(r.error).toMatch(/storage buffer|binding|limit/i);
  });
});
