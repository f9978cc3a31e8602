// Test cases for the WGSL kernels: seeded inputs shared by both sides, the kernel call on `webgpu`
// and an independent reference (reference.ts) on `cpu`, for every kernel of ../names.ts that has a
// WGSL program (AdamW's in cases-adamw.ts). Builders take the sizes, so the same case runs at odd sizes, preset shapes, in the
// Node tests and in the browser (checks.ts runs them).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/core/rng';
import {
  ATTENTION,
  ATTENTION_GRAD,
  EMBEDDING_GRAD,
  GELU,
  GELU_GRAD,
  LAYER_NORM,
  LAYER_NORM_BACKWARD,
  LAYER_NORM_GRAD,
  LAYER_NORM_PARAM_GRAD,
  SOFTMAX_CE,
  SOFTMAX_CE_GRAD,
} from '../names';
import {
  refAttention,
  refAttentionGrad,
  refEmbeddingGrad,
  refEmbeddingGrad64,
  refGelu,
  refGeluGrad,
  refLayerNorm,
  refLayerNormGrads,
  refSoftmaxCE,
  refSoftmaxCEGrad,
} from './reference';

export interface KernelCase {
  name: string;
  /** Relative tolerance (see KernelCheck.tolerance). */
  tol: number;
  /** The kernel under test; runs with `webgpu` active. */
  gpu: () => tf.Tensor;
  /** The reference: a tensor computed with `cpu` active, or float64 values. */
  want: () => tf.Tensor | Float64Array;
}

const run = (name: string, inputs: tf.NamedTensorMap, attrs: object = {}): tf.Tensor =>
  tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;

export function layerNormCases(N: number, C: number, seed = 1): KernelCase[] {
  const rng = new Rng(seed);
  const x = rng.normals(N * C, 2).map((v, i) => v + (i % 7) * 0.3);
  const g = rng.normals(C, 0.2).map((v) => v + 1);
  const b = rng.normals(C, 0.2);
  const dy = rng.normals(N * C);
  const eps = 1e-5;
  const t = () => ({
    x: tf.tensor2d(x, [N, C]),
    gamma: tf.tensor1d(g),
    beta: tf.tensor1d(b),
    dy: tf.tensor2d(dy, [N, C]),
  });
  const tag = `[${N}x${C}]`;
  return [
    {
      name: `${LAYER_NORM} ${tag}`,
      tol: 2e-5,
      gpu: () => {
        const { x, gamma, beta } = t();
        return run(LAYER_NORM, { x, gamma, beta }, { eps });
      },
      want: () => refLayerNorm(t().x, t().gamma, t().beta, eps),
    },
    {
      name: `${LAYER_NORM_GRAD} ${tag}`,
      tol: 5e-5,
      gpu: () => {
        const { x, gamma, dy } = t();
        return run(LAYER_NORM_GRAD, { x, gamma, dy }, { eps });
      },
      want: () => {
        const { x, gamma, beta, dy } = t();
        return refLayerNormGrads(x, gamma, beta, dy, eps)[0];
      },
    },
    {
      name: `${LAYER_NORM_PARAM_GRAD} ${tag}`,
      tol: 2e-5,
      gpu: () => {
        const { x, dy } = t();
        return run(LAYER_NORM_PARAM_GRAD, { x, dy }, { eps });
      },
      want: () => {
        const { x, gamma, beta, dy } = t();
        const [, dg, db] = refLayerNormGrads(x, gamma, beta, dy, eps);
        return tf.stack([dg, db]);
      },
    },
    {
      // The three outputs of one call, flattened and concatenated: [dx, dγ, dβ].
      name: `${LAYER_NORM_BACKWARD} ${tag}`,
      tol: 5e-5,
      gpu: () => {
        const { x, gamma, dy } = t();
        const outs = tf.engine().runKernel(LAYER_NORM_BACKWARD, { x, gamma, dy }, { eps }) as tf.Tensor[];
        return tf.concat(outs.map((o) => tf.reshape(o, [-1])));
      },
      want: () => {
        const { x, gamma, beta, dy } = t();
        return tf.concat(refLayerNormGrads(x, gamma, beta, dy, eps).map((o) => tf.reshape(o, [-1])));
      },
    },
  ];
}

export function geluCases(shape: number[], seed = 2): KernelCase[] {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const x = rng.normals(n, 3);
  if (n > 4) [x[0], x[1], x[2], x[3]] = [12, -12, 40, -40]; // tanh saturation
  const dy = rng.normals(n);
  const tag = `[${shape}]`;
  return [
    {
      name: `${GELU} ${tag}`,
      tol: 2e-6,
      gpu: () => run(GELU, { x: tf.tensor(x, shape) }),
      want: () => refGelu(tf.tensor(x, shape)),
    },
    {
      name: `${GELU_GRAD} ${tag}`,
      tol: 1e-5,
      gpu: () => run(GELU_GRAD, { x: tf.tensor(x, shape), dy: tf.tensor(dy, shape) }),
      want: () => refGeluGrad(tf.tensor(x, shape), tf.tensor(dy, shape)),
    },
  ];
}

export function softmaxCECases(N: number, V: number, seed = 3): KernelCase[] {
  const rng = new Rng(seed);
  const z = rng.normals(N * V, 3);
  const targets = Int32Array.from({ length: N }, () => rng.int(V));
  if (N > 2) [targets[1], targets[2]] = [-1, V]; // out of range: picks nothing
  const scale = Float32Array.from({ length: N }, (_, i) => (i % 5 === 3 ? 0 : 0.5 + rng.next()));
  const t = () => ({
    logits: tf.tensor2d(z, [N, V]),
    targets: tf.tensor1d(targets, 'int32'),
    scale: tf.tensor1d(scale),
  });
  const tag = `[${N}x${V}]`;
  return [
    {
      name: `${SOFTMAX_CE} ${tag}`,
      tol: 1e-5,
      gpu: () => {
        const { logits, targets } = t();
        return run(SOFTMAX_CE, { logits, targets });
      },
      want: () => refSoftmaxCE(t().logits, t().targets),
    },
    {
      name: `${SOFTMAX_CE_GRAD} ${tag}`,
      tol: 2e-6,
      gpu: () => run(SOFTMAX_CE_GRAD, t()),
      want: () => {
        const { logits, targets, scale } = t();
        return refSoftmaxCEGrad(logits, targets, scale);
      },
    },
  ];
}

/** Segment ids per sequence: all zeros, or 1–3 documents packed per row when `packed`. */
function segmentIds(rng: Rng, B: number, T: number, packed: boolean): Int32Array {
  const s = new Int32Array(B * T);
  if (!packed) return s;
  for (let b = 0; b < B; b++) {
    let id = 0;
    const cuts = new Set([rng.int(T), rng.int(T)]);
    for (let t = 0; t < T; t++) {
      if (t > 0 && cuts.has(t)) id++;
      s[b * T + t] = id;
    }
  }
  return s;
}

export function attentionCases(
  B: number,
  T: number,
  H: number,
  C: number,
  packed: boolean,
  seed = 4,
): KernelCase[] {
  const rng = new Rng(seed);
  const qkv = rng.normals(B * T * 3 * C);
  const dy = rng.normals(B * T * C);
  const seg = segmentIds(rng, B, T, packed);
  const attrs = { B, T, H };
  const t = () => ({
    qkv: tf.tensor2d(qkv, [B * T, 3 * C]),
    segments: tf.tensor1d(seg, 'int32'),
    dy: tf.tensor2d(dy, [B * T, C]),
  });
  const tag = `[B${B} T${T} H${H} C${C}${packed ? ' packed' : ''}]`;
  return [
    {
      name: `${ATTENTION} ${tag}`,
      tol: 2e-5,
      gpu: () => {
        const { qkv, segments } = t();
        return run(ATTENTION, { qkv, segments }, attrs);
      },
      want: () => refAttention(t().qkv, seg, B, T, H),
    },
    {
      name: `${ATTENTION_GRAD} ${tag}`,
      tol: 5e-5,
      gpu: () => run(ATTENTION_GRAD, t(), attrs),
      want: () => refAttentionGrad(t().qkv, seg, t().dy, B, T, H),
    },
  ];
}

export function embeddingGradCases(N: number, V: number, C: number, seed = 5): KernelCase[] {
  const rng = new Rng(seed);
  // Half the positions share a handful of frequent ids (as spaces and newlines do).
  const ids = Int32Array.from({ length: N }, (_, i) => (i % 2 === 0 ? rng.int(Math.min(V, 3)) : rng.int(V)));
  const dy = rng.normals(N * C);
  const t = () => ({ ids: tf.tensor1d(ids, 'int32'), dy: tf.tensor2d(dy, [N, C]) });
  const gpu = () => run(EMBEDDING_GRAD, t(), { numRows: V });
  const tag = `[N${N} V${V} C${C}]`;
  const cases: KernelCase[] = [
    {
      name: `${EMBEDDING_GRAD} ${tag} vs float64 sums`,
      tol: 1e-5,
      gpu,
      want: () => refEmbeddingGrad64(ids, dy, V, C),
    },
  ];
  // tfjs's cpu gather gradient loops over the V rows with whole-tensor masks: small tables only.
  if (V * N * C <= 1e6) {
    cases.push({
      name: `${EMBEDDING_GRAD} ${tag}`,
      tol: 1e-5,
      gpu,
      want: () => refEmbeddingGrad(t().ids, t().dy, V),
    });
  }
  return cases;
}
