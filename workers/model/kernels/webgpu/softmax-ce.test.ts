// Sparse softmax cross-entropy's WGSL kernels against a tf.logSumExp loss and its autodiff
// gradient on the cpu backend and against the engine's cpu kernels: odd sizes, rows with scale 0,
// out-of-range targets, and the small preset's vocabulary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD } from '../names';
import { softmaxCECases } from './cases';
import { againstCpuTwin, expectCases, startKernelTests, type KernelTestEnv } from './test-env';

let env: KernelTestEnv;
beforeAll(async () => {
  env = await startKernelTests();
});
afterAll(() => expect(env.faults).toEqual([]));

describe('softmax cross-entropy kernels on webgpu vs cpu', () => {
  it('match at odd sizes (37×101, 5×3, 9×1000)', async () => {
    await expectCases([...softmaxCECases(37, 101), ...softmaxCECases(5, 3), ...softmaxCECases(9, 1000)]);
  });

  it('match at the small preset shape (256×4096)', async () => {
    await expectCases(softmaxCECases(256, 4096));
  });

  it('match the cpu twin kernels', async () => {
    expect(tf.getKernel(SOFTMAX_CE, 'cpu') && tf.getKernel(SOFTMAX_CE_GRAD, 'cpu')).toBeTruthy();
    await expectCases(softmaxCECases(37, 101).map(againstCpuTwin));
  });
});
