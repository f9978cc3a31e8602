// The clipped-AdamW kernels against a float64 AdamW: the global sum of squares over many tensors
// (more than one program's worth of bindings, odd sizes, a 1.5M-value table), moments and update
// with clipping active, inactive (small norm) and off (clip 0), and the per-output form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adamWCases } from './checks';
import { expectCases, startKernelTests, type KernelTestEnv } from './test-env';

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

  it('sum of squares over the small preset embedding (4096×384)', async () => {
    await expectCases(adamWCases([4096 * 384, 384, 1152]).slice(0, 1));
  });
});
