// Causal attention's WGSL kernels against batched-matmul attention with an additive mask and its
// autodiff gradient on the cpu backend, and against the engine's cpu kernel: odd sizes, packed
// documents (segments), 4, 2 and 1 rows per workgroup, the micro preset and the small preset's T=256, C=384, H=6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ATTENTION, ATTENTION_GRAD } from '../names';
import { rowsPerGroup } from './attention';
import { attentionCases } from './cases';
import { againstCpuTwin, expectCases, startKernelTests, type KernelTestEnv } from './test-env';

let env: KernelTestEnv;
beforeAll(async () => {
  env = await startKernelTests();
});
afterAll(() => expect(env.faults).toEqual([]));

describe('attention kernels on webgpu vs cpu', () => {
  it('match at odd sizes, plain causal and with packed segments', async () => {
    await expectCases([
      ...attentionCases(2, 13, 3, 15, true),
      ...attentionCases(3, 7, 1, 5, false),
      ...attentionCases(1, 1, 2, 4, false),
      ...attentionCases(2, 70, 2, 18, true), // T > one workgroup's 64 threads
    ]);
  });

  it('match with 2 and 1 rows per workgroup (hs 72; T 300)', async () => {
    expect([rowsPerGroup(256, 64), rowsPerGroup(70, 72), rowsPerGroup(300, 4)]).toEqual([4, 2, 1]);
    await expectCases([...attentionCases(2, 70, 1, 72, true), ...attentionCases(1, 300, 1, 4, true)]);
  });

  it('match at the micro preset shape (T 64, C 128, H 4)', async () => {
    await expectCases(attentionCases(2, 64, 4, 128, true));
  });

  it('match at the small preset shape (T 256, C 384, H 6)', async () => {
    await expectCases(attentionCases(1, 256, 6, 384, true));
  });

  it('match the cpu twin kernels', async () => {
    expect(tf.getKernel(ATTENTION, 'cpu') && tf.getKernel(ATTENTION_GRAD, 'cpu')).toBeTruthy();
    await expectCases(attentionCases(2, 13, 3, 15, true).map(againstCpuTwin));
  });
});
