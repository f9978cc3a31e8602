// The in-engine numerics check of the WGSL kernels (what the browser runs): every kernel passes,
// the active backend is restored, and a shader that fails validation is reported, not passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
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
    expect(results.length).toBe(19);
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
});
