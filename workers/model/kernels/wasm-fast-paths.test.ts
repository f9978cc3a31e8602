// The wasm fast paths of Identity, GatherV2 and Transpose against plain-JS references.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { randInts, randn, useBackend } from './test-backends';

describe('wasm fast paths', () => {
  beforeAll(() => useBackend('wasm'));

  it('gathers rows like the cpu backend, including repeats, and rejects an id out of range', async () => {
    const table = randn([9, 13], 31);
    const ids = randInts(17, 9, 32);
    const got = await tf.gather(table, ids).data();
    const [v, i] = [await table.data(), await ids.data()];
    const want = Float32Array.from({ length: 17 * 13 }, (_, k) => v[i[Math.floor(k / 13)] * 13 + (k % 13)]);
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(() => tf.gather(table, tf.tensor1d([0, 9], 'int32'))).toThrow(/index 9/);
    // other gathers (axis 1) still work through the original kernel
    expect(
      Array.from(await tf.gather(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([1], 'int32'), 1).data()),
    ).toEqual([2, 4]);
  });

  it('transposes 2-D matrices of odd sizes like a plain loop, and other ranks through the original kernel', async () => {
    for (const [R, C] of [
      [1, 1],
      [37, 5],
      [70, 33],
      [131, 67], // more than one tile each way, rows not a multiple of 8
    ]) {
      const x = randn([R, C], R * C);
      const v = await x.data();
      const want = Float32Array.from({ length: R * C }, (_, k) => v[(k % R) * C + Math.floor(k / R)]);
      const got = tf.transpose(x);
      expect(got.shape).toEqual([C, R]);
      expect(Array.from(await got.data())).toEqual(Array.from(want));
    }
    const t3 = tf.transpose(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), [2, 0, 1]);
    expect(Array.from(await t3.data())).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
  });

  it('clones share memory by reference count: both live, and either can be disposed first', async () => {
    const a = randn([3, 5], 33);
    const values = Array.from(await a.data());
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(await b.data())).toEqual(values);
    const c = tf.clone(b);
    b.dispose();
    expect(Array.from(await c.data())).toEqual(values);
    c.dispose();
  });
});
