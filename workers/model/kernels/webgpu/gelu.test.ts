// GELU's WGSL kernels against the composite tanh-GELU and its autodiff gradient on the cpu backend,
// and against the engine's own cpu kernel; odd sizes, saturated tanh, the small preset's MLP width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { GELU, GELU_GRAD } from '../names';
import { geluCases } from './cases';
import { againstCpuTwin, expectCases, startKernelTests, type KernelTestEnv } from './test-env';

let env: KernelTestEnv;
beforeAll(async () => {
  env = await startKernelTests();
});
afterAll(() => expect(env.faults).toEqual([]));

/** The same case with the reference replaced by the engine's cpu kernel of the same name. */

describe('GELU kernels on webgpu vs cpu', () => {
  it('match at odd sizes, with saturated tanh', async () => {
    await expectCases([...geluCases([37, 29]), ...geluCases([7]), ...geluCases([3, 5, 11])]);
  });

  it('match at the small preset MLP shape (256×1536)', async () => {
    await expectCases(geluCases([256, 1536]));
  });

  it('match the cpu twin kernels', async () => {
    expect(tf.getKernel(GELU, 'cpu') && tf.getKernel(GELU_GRAD, 'cpu')).toBeTruthy();
    await expectCases(geluCases([37, 29]).map(againstCpuTwin));
  });
});
