// The embedding backward's WGSL kernel against float64 sums, tfjs's gather gradient on the cpu
// backend and the engine's cpu kernel: odd sizes, heavily repeated ids, more positions than one
// sort tile, the small preset's table; and bitwise reproducible, unlike tfjs-webgpu's atomic
// UnsortedSegmentSum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/core/rng';
import { EMBEDDING_GRAD } from '../names';
import { embeddingGradCases } from './cases';
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

describe('embedding gradient kernel on webgpu vs cpu', () => {
  it('matches at odd sizes and with many repeats (N 37 V 19 C 29, N 1000 V 50 C 3, N 1 V 1 C 1)', async () => {
    await expectCases([
      ...embeddingGradCases(37, 19, 29),
      ...embeddingGradCases(1000, 50, 3),
      ...embeddingGradCases(1, 1, 1),
    ]);
  });

  it('matches at the small preset shape (N 256, V 4096, C 384)', async () => {
    await expectCases(embeddingGradCases(256, 4096, 384));
  });

  it('matches the cpu twin kernel', async () => {
    expect(tf.getKernel(EMBEDDING_GRAD, 'cpu')).toBeTruthy();
    await expectCases(embeddingGradCases(37, 19, 29).slice(0, 1).map(againstCpuTwin));
  });

  it('is bitwise reproducible', async () => {
    const rng = new Rng(11);
    const [N, V, C] = [777, 40, 16];
    const ids = Int32Array.from({ length: N }, () => rng.int(4));
    const dy = rng.normals(N * C);
    await expectDeterministic(
      () =>
        tf
          .engine()
          .runKernel(
            EMBEDDING_GRAD,
            { ids: tf.tensor1d(ids, 'int32'), dy: tf.tensor2d(dy, [N, C]) },
            { numRows: V },
          ) as tf.Tensor,
    );
  });
});
