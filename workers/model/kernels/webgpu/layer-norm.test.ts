// LayerNorm's WGSL kernels (value, input gradient, parameter gradients, all gradients from one call) against a tf.moments
// LayerNorm and its autodiff gradients on the cpu backend; odd sizes, several row chunks, and the
// small preset's shape, and against the engine's cpu kernels; the parameter gradient's row sum is bitwise reproducible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/core/rng';
import { LAYER_NORM, LAYER_NORM_BACKWARD, LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD } from '../names';
import { layerNormCases } from './cases';
import {
  againstCpuTwin,
  expectCases,
  expectDeterministic,
  startKernelTests,
  type KernelTestEnv,
} from './test-env';

let env: KernelTestEnv;
beforeAll(async () => {
  env = await startKernelTests();
});
afterAll(() => expect(env.faults).toEqual([]));

describe('LayerNorm kernels on webgpu vs cpu', () => {
  it('match at odd sizes (37×29, 1×1, 300×130 = three row chunks)', async () => {
    await expectCases([...layerNormCases(37, 29), ...layerNormCases(1, 1), ...layerNormCases(300, 130)]);
  });

  it('match at the small preset shape (256×384)', async () => {
    await expectCases(layerNormCases(256, 384));
  });

  it('match the cpu twin kernels', async () => {
    for (const k of [LAYER_NORM, LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD, LAYER_NORM_BACKWARD])
      expect(tf.getKernel(k, 'cpu')).toBeTruthy();
    await expectCases(layerNormCases(37, 29).map(againstCpuTwin));
  });

  it('sum the parameter gradient over rows in a fixed order', async () => {
    const rng = new Rng(9);
    const [N, C] = [517, 96];
    const x = rng.normals(N * C);
    const dy = rng.normals(N * C);
    await expectDeterministic(
      () =>
        tf
          .engine()
          .runKernel(
            LAYER_NORM_PARAM_GRAD,
            { x: tf.tensor2d(x, [N, C]), dy: tf.tensor2d(dy, [N, C]) },
            { eps: 1e-5 },
          ) as tf.Tensor,
    );
  });
});
