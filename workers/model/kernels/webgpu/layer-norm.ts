// LayerNorm on WebGPU: forward, input gradient and parameter gradients, with the contracts of
// names.ts (LAYER_NORM, LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD, and LAYER_NORM_BACKWARD = all three
// gradients from one kernel call). Rows are normalised by one
// workgroup each (two-pass mean and variance, tree reductions). The parameter gradient sums over
// rows deterministically: row statistics, then per-(row chunk, channel) partial sums in a fixed
// order, then one ordered sum over the chunks — no atomics, the same bits on every run.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM, LAYER_NORM_BACKWARD, LAYER_NORM_GRAD, LAYER_NORM_PARAM_GRAD } from '../names';
import {
  expectShape,
  f32u,
  groupsFor,
  i32u,
  program,
  reduceSnippet,
  registerWebGPUKernel,
  rowThreads,
  run,
  WG_INDEX,
} from './program';

/** Mean and 1/σ of row `row` into `mean`, `rstd` (all threads of the workgroup take part). */
const ROW_STATS = /* wgsl */ `
  let C = uniforms.xShape[1];
  let rows = uniforms.xShape[0];
  let tid = i32(localId.x);
  let row = min(wgIndex(), rows - 1);
  let at = row * C;
  var s = 0.0;
  for (var c = tid; c < C; c += W) { s += x[at + c]; }
  let mean = reduceSum(s, tid) / f32(C);
  var q = 0.0;
  for (var c = tid; c < C; c += W) { let d = x[at + c] - mean; q += d * d; }
  let rstd = inverseSqrt(reduceSum(q, tid) / f32(C) + uniforms.eps);
  let writes = wgIndex() < rows;
`;

function forwardProgram(N: number, C: number) {
  const W = rowThreads(C);
  return program({
    key: `cmLayerNorm_${W}`,
    inputs: ['x', 'gamma', 'beta'],
    outputShape: [N, C],
    workgroups: N,
    workgroupSize: W,
    uniforms: 'eps : f32, ',
    code: /* wgsl */ `
      const W = ${W};
      ${WG_INDEX}
      ${reduceSnippet(W)}
      fn main(index : i32) {
        ${ROW_STATS}
        if (writes) {
          for (var c = tid; c < C; c += W) {
            result[at + c] = (x[at + c] - mean) * rstd * gamma[c] + beta[c];
          }
        }
      }`,
  });
}

/** dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ. */
function gradProgram(N: number, C: number) {
  const W = rowThreads(C);
  return program({
    key: `cmLayerNormGrad_${W}`,
    inputs: ['x', 'gamma', 'dy'],
    outputShape: [N, C],
    workgroups: N,
    workgroupSize: W,
    uniforms: 'eps : f32, ',
    code: /* wgsl */ `
      const W = ${W};
      ${WG_INDEX}
      ${reduceSnippet(W)}
      fn main(index : i32) {
        ${ROW_STATS}
        var a = 0.0;
        var b = 0.0;
        for (var c = tid; c < C; c += W) {
          let g = dy[at + c] * gamma[c];
          a += g;
          b += g * (x[at + c] - mean) * rstd;
        }
        let sums = reduceSum2(a, b, tid) / f32(C);
        if (writes) {
          for (var c = tid; c < C; c += W) {
            let xh = (x[at + c] - mean) * rstd;
            result[at + c] = rstd * (dy[at + c] * gamma[c] - sums.x - xh * sums.y);
          }
        }
      }`,
  });
}

/** [N, 2]: (mean, rstd) per row. */
function statsProgram(N: number, C: number) {
  const W = rowThreads(C);
  return program({
    key: `cmLayerNormStats_${W}`,
    inputs: ['x'],
    outputShape: [N, 2],
    workgroups: N,
    workgroupSize: W,
    uniforms: 'eps : f32, ',
    code: /* wgsl */ `
      const W = ${W};
      ${WG_INDEX}
      ${reduceSnippet(W)}
      fn main(index : i32) {
        ${ROW_STATS}
        if (writes && tid == 0) {
          result[2 * row] = mean;
          result[2 * row + 1] = rstd;
        }
      }`,
  });
}

const LANES = 4; // row lanes per channel in the partial-sum program
const CHANNELS = 64; // channels per workgroup
const CHUNK = 128; // rows per partial sum

/** [P, 2, C] partial sums over chunks of CHUNK rows: (Σ dy·x̂, Σ dy) per channel. */
function partialProgram(N: number, C: number) {
  const P = groupsFor(N, CHUNK);
  const blocks = groupsFor(C, CHANNELS);
  return program({
    key: `cmLayerNormPartial_${CHANNELS}_${LANES}_${CHUNK}`,
    inputs: ['x', 'dy', 'stats'],
    outputShape: [P, 2, C],
    workgroups: P * blocks,
    workgroupSize: [CHANNELS, LANES, 1],
    code: /* wgsl */ `
      ${WG_INDEX}
      var<workgroup> sg : array<f32, ${CHANNELS * LANES}>;
      var<workgroup> sb : array<f32, ${CHANNELS * LANES}>;
      fn main(index : i32) {
        let N = uniforms.xShape[0];
        let C = uniforms.xShape[1];
        let blocks = (C + ${CHANNELS - 1}) / ${CHANNELS};
        let P = (N + ${CHUNK - 1}) / ${CHUNK};
        let wg = min(wgIndex(), P * blocks - 1);
        let p = wg / blocks;
        let c = (wg % blocks) * ${CHANNELS} + i32(localId.x);
        let lane = i32(localId.y);
        let r1 = min(N, (p + 1) * ${CHUNK});
        var g = 0.0;
        var b = 0.0;
        if (c < C) {
          for (var r = p * ${CHUNK} + lane; r < r1; r += ${LANES}) {
            let d = dy[r * C + c];
            g += d * (x[r * C + c] - stats[2 * r]) * stats[2 * r + 1];
            b += d;
          }
        }
        let slot = lane * ${CHANNELS} + i32(localId.x);
        sg[slot] = g;
        sb[slot] = b;
        workgroupBarrier();
        if (lane == 0 && c < C && wgIndex() < P * blocks) {
          var tg = 0.0;
          var tb = 0.0;
          for (var l = 0; l < ${LANES}; l++) {
            tg += sg[l * ${CHANNELS} + i32(localId.x)];
            tb += sb[l * ${CHANNELS} + i32(localId.x)];
          }
          result[p * 2 * C + c] = tg;
          result[p * 2 * C + C + c] = tb;
        }
      }`,
  });
}

/**
 * Σ over the P chunks of the partial sums [P, 2, C], in chunk order, for `size` consecutive entries
 * of a chunk from entry `first`: [2, C] from 0 (both), or [C] from 0 (dγ) or from C (dβ).
 */
function chunkSumProgram(outputShape: number[]) {
  const W = 64;
  const size = outputShape.reduce((a, b) => a * b, 1);
  return program({
    key: `cmLayerNormChunkSum_${W}`,
    inputs: ['partial'],
    outputShape,
    workgroups: groupsFor(size, W),
    workgroupSize: W,
    uniforms: 'first : i32, count : i32, ',
    code: /* wgsl */ `
      ${WG_INDEX}
      fn main(index : i32) {
        let P = uniforms.partialShape[0];
        let C2 = 2 * uniforms.partialShape[2];
        let e = wgIndex() * ${W} + i32(localId.x);
        if (e < uniforms.count) {
          var acc = 0.0;
          for (var p = 0; p < P; p++) { acc += partial[p * C2 + uniforms.first + e]; }
          result[e] = acc;
        }
      }`,
  });
}

function epsOf(kernel: string, attrs: Record<string, unknown>): number {
  const eps = attrs.eps;
  if (typeof eps !== 'number' || !(eps >= 0)) throw new Error(`${kernel}: attr eps must be a number ≥ 0`);
  return eps;
}

function checkRows(kernel: string, x: tf.TensorInfo, others: [string, tf.TensorInfo, number[]][]): void {
  expectShape(kernel, 'x', x, 2);
  for (const [name, t, shape] of others) {
    if (t.shape.join() !== shape.join()) {
      throw new Error(`${kernel}: input "${name}" must have shape [${shape}], got [${t.shape}]`);
    }
  }
}

/** [P, 2, C] partial sums of (dγ, dβ) over row chunks (three-pass parameter gradient, passes 1–2). */
function paramPartials(backend: WebGPUBackend, x: tf.TensorInfo, dy: tf.TensorInfo, eps: number) {
  const [N, C] = x.shape;
  const stats = run(backend, statsProgram(N, C), [x], [f32u(eps)]);
  const partial = run(backend, partialProgram(N, C), [x, dy, stats]);
  backend.disposeData(stats.dataId);
  return partial;
}

/** Pass 3: the ordered sum over chunks of entries [first, first + size) of each chunk. */
function chunkSum(backend: WebGPUBackend, partial: tf.TensorInfo, shape: number[], first: number) {
  const size = shape.reduce((a, b) => a * b, 1);
  return run(backend, chunkSumProgram(shape), [partial], [i32u(first), i32u(size)]);
}

export function layerNormParamGrad(
  backend: WebGPUBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  eps: number,
): tf.TensorInfo {
  const C = x.shape[1];
  const partial = paramPartials(backend, x, dy, eps);
  const out = chunkSum(backend, partial, [2, C], 0);
  backend.disposeData(partial.dataId);
  return out;
}

/** [dx [N, C], dγ [C], dβ [C]]: LAYER_NORM_BACKWARD, five dispatches. */
export function layerNormBackward(
  backend: WebGPUBackend,
  x: tf.TensorInfo,
  gamma: tf.TensorInfo,
  dy: tf.TensorInfo,
  eps: number,
): tf.TensorInfo[] {
  const [N, C] = x.shape;
  const dx = run(backend, gradProgram(N, C), [x, gamma, dy], [f32u(eps)]);
  const partial = paramPartials(backend, x, dy, eps);
  const dgamma = chunkSum(backend, partial, [C], 0);
  const dbeta = chunkSum(backend, partial, [C], C);
  backend.disposeData(partial.dataId);
  return [dx, dgamma, dbeta];
}

export function registerLayerNormKernels(): void {
  registerWebGPUKernel(LAYER_NORM, (backend, { x, gamma, beta }, attrs) => {
    const [N, C] = x.shape;
    checkRows(LAYER_NORM, x, [
      ['gamma', gamma, [C]],
      ['beta', beta, [C]],
    ]);
    const eps = epsOf(LAYER_NORM, attrs);
    return run(backend, forwardProgram(N, C), [x, gamma, beta], [{ type: 'float32', data: [eps] }]);
  });
  registerWebGPUKernel(LAYER_NORM_GRAD, (backend, { x, gamma, dy }, attrs) => {
    const [N, C] = x.shape;
    checkRows(LAYER_NORM_GRAD, x, [
      ['gamma', gamma, [C]],
      ['dy', dy, [N, C]],
    ]);
    const eps = epsOf(LAYER_NORM_GRAD, attrs);
    return run(backend, gradProgram(N, C), [x, gamma, dy], [{ type: 'float32', data: [eps] }]);
  });
  registerWebGPUKernel(LAYER_NORM_PARAM_GRAD, (backend, { x, dy }, attrs) => {
    const [N, C] = x.shape;
    checkRows(LAYER_NORM_PARAM_GRAD, x, [['dy', dy, [N, C]]]);
    return layerNormParamGrad(backend, x, dy, epsOf(LAYER_NORM_PARAM_GRAD, attrs));
  });
  registerWebGPUKernel(LAYER_NORM_BACKWARD, (backend, { x, gamma, dy }, attrs) => {
    const [N, C] = x.shape;
    checkRows(LAYER_NORM_BACKWARD, x, [
      ['gamma', gamma, [C]],
      ['dy', dy, [N, C]],
    ]);
    return layerNormBackward(backend, x, gamma, dy, epsOf(LAYER_NORM_BACKWARD, attrs));
  });
}
