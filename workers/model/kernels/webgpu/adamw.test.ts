// The clipped-AdamW kernels against a float64 AdamW: the global sum of squares over many tensors
// (more than one program's worth of bindings, odd sizes, a 1.5M-value table), moments and update
// with clipping active, inactive (small norm) and off (clip 0), all moments in one tensor, all
// parameters' updates in one call, the per-output form, and the engine's cpu kernels of the same names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ADAMW_MOMENTS, ADAMW_PARAM, ADAMW_PARAMS_ALL, SUM_SQUARES } from '../names';
import { adamWAllCases, adamWCases, adamWParamsAllCase } from './cases-adamw';
import { againstCpuTwin, expectCases, startKernelTests, type KernelTestEnv } from './test-env';

let env: KernelTestEnv;
beforeAll(async () => {
  env = await startKernelTests();
});
afterAll(() => expect(env.faults).toEqual([]));

describe('AdamW kernels on webgpu vs float64', () => {
  it('clip active: the norm of 52 gradients of odd sizes exceeds the clip', async () => {
    const sizes = Array.from({ length: 52 }, (_, i) => 3 + ((i * 37) % 200));
    await expectCases(adamWCases([1001, ...sizes], 0.5));
  });

  it('clip inactive (norm below the clip) and clip off', async () => {
    await expectCases([...adamWCases([37, 5], 100), ...adamWCases([29], 0)]);
  });

  it('all moments in one tensor (20 gradients: several programs), then one parameter', async () => {
    const sizes = Array.from({ length: 20 }, (_, i) => 1 + ((i * 53) % 300));
    await expectCases([
      ...adamWAllCases(sizes, 0, 0.5),
      ...adamWAllCases(sizes, 13, 0.5),
      ...adamWAllCases(sizes, 19, 0),
    ]);
  });

  it('all parameters updated in one call (52 parameters of odd sizes: several programs)', async () => {
    const sizes = Array.from({ length: 52 }, (_, i) => 3 * (1 + ((i * 41) % 170)) + (i % 2));
    await expectCases([
      adamWParamsAllCase(sizes),
      adamWParamsAllCase([7]),
      adamWParamsAllCase([4096 * 384, 384]),
    ]);
  });

  it('all parameters in one call: the cpu twin', async () => {
    expect(tf.getKernel(ADAMW_PARAMS_ALL, 'cpu')).toBeTruthy();
    await expectCases(
      [adamWParamsAllCase([1001, 36, 29, 5, 12, 7, 300]), adamWParamsAllCase([7])].map(againstCpuTwin),
    );
  });

  it('match the cpu twin kernels (sum of squares, moments, update)', async () => {
    for (const k of [SUM_SQUARES, ADAMW_MOMENTS, ADAMW_PARAM]) expect(tf.getKernel(k, 'cpu')).toBeTruthy();
    await expectCases(adamWCases([1001, 37, 29, 5, 7, 11, 13, 17, 19, 23]).slice(0, 3).map(againstCpuTwin));
  });

  it('sum of squares over the small preset embedding (4096×384)', async () => {
    await expectCases(adamWCases([4096 * 384, 384, 1152]).slice(0, 1));
  });
});
