// The fused LayerNorm, sparse softmax-CE, GELU and embedding ops against composite tfjs ops (values
// and gradients), on the cpu, wasm and webgpu (Dawn) backends, at odd sizes and the small preset's.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { fusedCrossEntropy } from './cross-entropy';
import { embeddingLookup } from './embedding';
import { fusedGelu, gelu, sigmoidGelu } from './gelu';
import { fusedLayerNorm } from './layer-norm';
import { LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD } from './names';
import { ALL_BACKENDS, expectClose, randInts, randn, useBackend } from './test-backends';

const EPS = 1e-5;

function compositeLayerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), g), b);
}

function compositeCrossEntropy(z: tf.Tensor, t: tf.Tensor1D, w: tf.Tensor): tf.Tensor {
  const onehot = tf.cast(tf.oneHot(t, z.shape[1]!), 'float32');
  const rows = tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, onehot), 1));
  return tf.div(tf.sum(tf.mul(rows, w)), tf.maximum(tf.sum(w), 1e-9));
}

describe.each(ALL_BACKENDS)('fused kernels on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('LayerNorm: values and gradients of x, gamma, beta match the composite ops', async () => {
    const [N, C] = [7, 13];
    const x = tf.add(randn([N, C], 1, 2), 0.5);
    const g = randn([C], 2);
    const b = randn([C], 3);
    const dy = randn([N, C], 4);
    const fused = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) =>
      fusedLayerNorm(xi as tf.Tensor2D, gi as tf.Tensor1D, bi as tf.Tensor1D, EPS)!;
    await expectClose(fused(x, g, b), compositeLayerNorm(x, g, b), 1e-5, 'y');
    const got = tf.grads((xi, gi, bi) => tf.sum(tf.mul(fused(xi, gi, bi), dy)))([x, g, b]);
    const want = tf.grads((xi, gi, bi) => tf.sum(tf.mul(compositeLayerNorm(xi, gi, bi), dy)))([x, g, b]);
    for (const [i, name] of ['dx', 'dgamma', 'dbeta'].entries())
      await expectClose(got[i], want[i], 1e-4, name);
    if (backend === 'webgpu') return; // the rest is about the JS kernels' kept row statistics
    // The backward kernels alone, on data no forward pass has seen (row statistics recomputed).
    const fresh = tf.add(x, 0);
    const attrs = { eps: EPS } as unknown as tf.NamedAttrMap;
    const dx = tf.engine().runKernel(LAYER_NORM_GRAD, { x: fresh, gamma: g, dy }, attrs) as tf.Tensor;
    await expectClose(dx, want[0], 1e-4, 'dx, recomputed statistics');
    const params = tf.engine().runKernel(LAYER_NORM_PARAM_GRAD, { x: fresh, dy }, attrs) as tf.Tensor;
    await expectClose(params, tf.stack([want[1], want[2]]), 1e-4, 'dgamma, dbeta, recomputed statistics');
  });

  it('softmax cross-entropy: the weighted mean loss and dlogits match the composite ops', async () => {
    const [N, V] = [9, 11];
    const t = tf.tensor1d([...(await randInts(N - 1, V, 6).data()), V], 'int32'); // last: out of range
    const zs = (await randn([N, V], 5, 3).data()) as Float32Array;
    zs[2 * V + (await t.data())[2]] = -300; // a target with probability 0 in float32 (exact fallback)
    const z = tf.tensor2d(zs, [N, V]);
    const w = tf.tensor1d([1, 0, 1, 1, 0.5, 1, 1, 0, 2]);
    const fused = (zi: tf.Tensor) => fusedCrossEntropy(zi as tf.Tensor2D, t, w as tf.Tensor1D)!;
    await expectClose(fused(z), compositeCrossEntropy(z, t, w), 1e-5, 'loss');
    await expectClose(
      tf.grad(fused)(z),
      tf.grad((zi: tf.Tensor) => compositeCrossEntropy(zi, t, w))(z),
      1e-6,
      'dlogits',
    );
  });

  it('softmax cross-entropy over a wide vocabulary (the wasm softmax runs in row chunks)', async () => {
    const [N, V] = [7, 70001]; // 262144 / V → 3 rows a chunk: chunks of 3, 3, 1
    const z = randn([N, V], 15, 2);
    const t = randInts(N, V, 16);
    const w = tf.ones([N]) as tf.Tensor1D;
    const fused = (zi: tf.Tensor) => fusedCrossEntropy(zi as tf.Tensor2D, t, w)!;
    await expectClose(fused(z), compositeCrossEntropy(z, t, w), 1e-5, 'loss');
    await expectClose(
      tf.grad(fused)(z),
      tf.grad((zi: tf.Tensor) => compositeCrossEntropy(zi, t, w))(z),
      1e-5, // a float32 sum over 70,001 terms: ~1e-5 relative apart in either summation order
      'dlogits',
    );
  });

  it('GELU (the kernel on cpu and webgpu, the σ form on wasm, and the σ form itself): values and gradient match the tanh formula', async () => {
    const x = randn([5, 37], 13, 3); // odd size; |x| up to ~10 reaches both saturated ends
    const dy = randn([5, 37], 14);
    const k = Math.sqrt(2 / Math.PI);
    const composite = (v: tf.Tensor) =>
      tf.mul(tf.mul(v, 0.5), tf.add(tf.tanh(tf.mul(tf.add(v, tf.mul(tf.pow(v, 3), 0.044715)), k)), 1));
    expect(fusedGelu(x) !== null).toBe(backend !== 'wasm');
    for (const [name, f] of [
      ['gelu', gelu],
      ['sigmoidGelu', sigmoidGelu],
    ] as const) {
      await expectClose(f(x), composite(x), 1e-5, `${name} y`);
      await expectClose(
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), dy)))(x),
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(composite(v), dy)))(x),
        1e-5,
        `${name} dx`,
      );
    }
  });

  // webgpu has these shapes kernel by kernel against the cpu reference (webgpu/*.test.ts); its
  // composite references would be slow on SwiftShader.
  if (backend !== 'webgpu') {
    it("at the small preset's shapes: LayerNorm 256×384, cross-entropy 256×4096, GELU 256×1536, embedding 4096×384", async () => {
      const [N, C, V] = [256, 384, 4096];
      const x = randn([N, C], 21, 2);
      const [g, b] = [tf.add(randn([C], 22, 0.2), 1), randn([C], 23, 0.2)];
      const dy = randn([N, C], 24);
      const ln = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) =>
        fusedLayerNorm(xi as tf.Tensor2D, gi as tf.Tensor1D, bi as tf.Tensor1D, EPS)!;
      await expectClose(ln(x, g, b), compositeLayerNorm(x, g, b), 1e-4, 'LayerNorm y');
      const got = tf.grads((xi, gi, bi) => tf.sum(tf.mul(ln(xi, gi, bi), dy)))([x, g, b]);
      const want = tf.grads((xi, gi, bi) => tf.sum(tf.mul(compositeLayerNorm(xi, gi, bi), dy)))([x, g, b]);
      for (const [i, name] of ['dx', 'dgamma', 'dbeta'].entries())
        await expectClose(got[i], want[i], 2e-3, `LayerNorm ${name}`); // dγ, dβ: sums over 256 rows
      const z = randn([N, V], 25, 3);
      const t = randInts(N, V, 26);
      const w = tf.ones([N]) as tf.Tensor1D;
      const ce = (zi: tf.Tensor) => fusedCrossEntropy(zi as tf.Tensor2D, t, w)!;
      await expectClose(ce(z), compositeCrossEntropy(z, t, w), 1e-4, 'cross-entropy');
      await expectClose(
        tf.grad(ce)(z),
        tf.grad((zi: tf.Tensor) => compositeCrossEntropy(zi, t, w))(z),
        1e-6,
        'dlogits',
      );
      const h = randn([N, 4 * C], 27, 3);
      const dh = randn([N, 4 * C], 28);
      const k = Math.sqrt(2 / Math.PI);
      const tanhGelu = (v: tf.Tensor) =>
        tf.mul(tf.mul(v, 0.5), tf.add(tf.tanh(tf.mul(tf.add(v, tf.mul(tf.pow(v, 3), 0.044715)), k)), 1));
      await expectClose(gelu(h), tanhGelu(h), 1e-5, 'GELU y');
      await expectClose(
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gelu(v), dh)))(h),
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tanhGelu(v), dh)))(h),
        1e-5,
        'GELU dx',
      );
      const table = randn([V, C], 29, 0.02);
      const ids = randInts(N, V, 30);
      const de = randn([N, C], 31);
      const dtable = tf.grad((tb: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(tb as tf.Tensor2D, ids), de)))(
        table,
      );
      const [is, ds] = [await ids.data(), await de.data()];
      const sums = new Float64Array(V * C); // the reference: row sums by id, in float64
      for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) sums[is[i] * C + c] += ds[i * C + c];
      await expectClose(dtable, tf.tensor2d(Float32Array.from(sums), [V, C]), 1e-5, 'embedding dtable');
    });
  }

  it('embedding: rows by id, and a gradient that sums repeated ids (one-hot matmul reference)', async () => {
    const [R, C, N] = [5, 3, 11];
    const table = randn([R, C], 7);
    const ids = randInts(N, R, 8);
    const dy = randn([N, C], 9);
    await expectClose(embeddingLookup(table as tf.Tensor2D, ids), tf.gather(table, ids), 1e-12, 'rows');
    const got = tf.grad((tb: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(tb as tf.Tensor2D, ids), dy)))(
      table,
    );
    const onehot = tf.cast(tf.oneHot(ids, R), 'float32'); // [N, R]
    await expectClose(got, tf.matMul(onehot, dy, true, false), 1e-6, 'dtable');
    expect((await ids.data()).some((v, i, a) => a.indexOf(v) !== i)).toBe(true); // repeats exercised
  });
});
