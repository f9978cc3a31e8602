// The fused causal attention op (cpu: JS loops; wasm: XNNPACK GEMMs on heap scratch; webgpu: WGSL)
// against composite tfjs ops — values and the gradient of packed qkv — with odd sizes, the small
// preset's shape, plain causal and causal within segments.
import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { fusedAttention } from './attention';
import { ATTENTION_GRAD } from './names';
import { ALL_BACKENDS, expectClose, randn, useBackend } from './test-backends';

/** softmax(q·kᵀ/√hs + mask)·v per head, with mask −1e9 where j > i or segments differ. */
function compositeAttention(qkv: tf.Tensor, seg: number[], B: number, T: number, H: number): tf.Tensor {
  const C = qkv.shape[1]! / 3;
  const hs = C / H;
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, hs]), [0, 2, 1, 3]); // [B, H, T, hs]
  const [q, k, v] = tf.split(qkv, 3, 1).map(heads);
  const mask = new Float32Array(B * T * T);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++)
        if (j > i || seg[b * T + i] !== seg[b * T + j]) mask[(b * T + i) * T + j] = -1e9;
  const scores = tf.add(
    tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)),
    tf.reshape(mask, [B, 1, T, T]),
  );
  const y = tf.matMul(tf.softmax(scores), v); // [B, H, T, hs]
  return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]);
}

describe.each(ALL_BACKENDS)('fused attention on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases = [
    { name: 'plain causal', B: 3, T: 7, H: 3, hs: 5, seg: (b: number, t: number) => 0 * b * t },
    {
      name: 'causal within segments',
      B: 2,
      T: 9,
      H: 2,
      hs: 3,
      seg: (b: number, t: number) => (t < 3 + b ? 0 : 1),
    },
    // The small preset (T 256, C 384, H 6), two documents in the row. webgpu has this shape in
    // webgpu/attention.test.ts against the cpu reference (composite ops are slow on SwiftShader).
    ...(backend === 'webgpu'
      ? []
      : [
          {
            name: 'small preset shape',
            B: 1,
            T: 256,
            H: 6,
            hs: 64,
            seg: (b: number, t: number) => b + (t < 100 ? 0 : 1),
          },
        ]),
  ];
  for (const { name, B, T, H, hs, seg } of cases) {
    it(`${name}: y and dqkv match the composite ops`, async () => {
      const C = H * hs;
      const qkv = randn([B * T, 3 * C], 11, 1.5);
      const segIds = Array.from({ length: B * T }, (_, i) => seg(Math.floor(i / T), i % T));
      const segments = tf.tensor1d(segIds, 'int32');
      const dy = randn([B * T, C], 12);
      const fused = (x: tf.Tensor) => fusedAttention(x as tf.Tensor2D, segments, { B, T, H })!;
      await expectClose(fused(qkv), compositeAttention(qkv, segIds, B, T, H), 1e-5, 'y');
      const got = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fused(x), dy)))(qkv);
      const want = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(compositeAttention(x, segIds, B, T, H), dy)))(qkv);
      await expectClose(got, want, 1e-5, 'dqkv');
      // The backward kernel alone (no forward pass before it: probabilities recomputed).
      const fresh = tf.add(qkv, 0); // new data, never seen by a forward pass
      const alone = tf.engine().runKernel(ATTENTION_GRAD, { qkv: fresh, segments, dy }, {
        B,
        T,
        H,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
      await expectClose(alone, want, 1e-5, 'dqkv, recomputed');
    });
  }
});
