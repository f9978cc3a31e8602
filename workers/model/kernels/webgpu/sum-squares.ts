// The global gradient norm's sum of squares on WebGPU (SUM_SQUARES of names.ts): inputs
// {x0 … x(k−1)} (k ≥ 1, any shapes, float32) → [1] = Σᵢ Σ xᵢ², in a fixed order (deterministic):
// programs of as many inputs as the device may bind (7 with WebGPU's default of 8 storage buffers
// per stage, 9 on SwiftShader's 10) write K partial sums per input into one shared buffer, then one
// workgroup adds them up. One engine kernel for the whole norm: ⌈k/group⌉ + 1 dispatches.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type * as tf from '@tensorflow/tfjs-core';
import { SUM_SQUARES } from '../names';
import {
  i32u,
  inputBudget,
  program,
  reduceSnippet,
  registerWebGPUKernel,
  run,
  sizeOf,
  WG_INDEX,
} from './program';

const RW = 256; // threads per workgroup

/** Partial sums of squares of a group of inputs into `partials` at `offset` (K per input). */
function squaresProgram(count: number, partials: number) {
  const names = Array.from({ length: count }, (_, i) => `x${i}`);
  const cases = names
    .map(
      (x, i) => `case ${i}: {
        for (var e = k * ${RW} + tid; e < uniforms.size${i}; e += K * ${RW}) { let v = ${x}[e]; acc += v * v; }
      }`,
    )
    .join('\n');
  return program({
    key: `cmSumSquares_${count}_${RW}`,
    inputs: names,
    outputShape: [partials],
    workgroups: 0, // set per call
    workgroupSize: RW,
    uniforms: `K : i32, offset : i32, ${names.map((_, i) => `size${i} : i32, `).join('')}`,
    code: /* wgsl */ `
      ${WG_INDEX}
      ${reduceSnippet(RW)}
      fn main(index : i32) {
        let K = uniforms.K;
        let wg = wgIndex();
        let which = wg / K;
        let k = wg % K;
        let tid = i32(localId.x);
        var acc = 0.0;
        switch (which) {
          ${cases}
          default: {}
        }
        let total = reduceSum(acc, tid);
        if (tid == 0 && which < ${count}) { result[uniforms.offset + wg] = total; }
      }`,
  });
}

function finalSumProgram() {
  return program({
    key: `cmSumSquaresFinal_${RW}`,
    inputs: ['partials'],
    outputShape: [1],
    workgroups: 1,
    workgroupSize: RW,
    code: /* wgsl */ `
      ${reduceSnippet(RW)}
      fn main(index : i32) {
        let tid = i32(localId.x);
        var acc = 0.0;
        for (var e = tid; e < uniforms.partialsShape; e += ${RW}) { acc += partials[e]; }
        let total = reduceSum(acc, tid);
        if (tid == 0) { result[0] = total; }
      }`,
  });
}

export function sumSquares(backend: WebGPUBackend, xs: tf.TensorInfo[]): tf.TensorInfo {
  if (xs.length === 0) throw new Error(`${SUM_SQUARES}: needs at least one input`);
  const maxSize = Math.max(...xs.map((x) => sizeOf(x.shape)));
  const K = Math.min(64, Math.max(1, Math.ceil(maxSize / (RW * 64))));
  const partials = backend.makeTensorInfo([xs.length * K], 'float32');
  const per = inputBudget(backend, 1); // + the output
  for (let at = 0; at < xs.length; at += per) {
    const group = xs.slice(at, at + per);
    const prog = squaresProgram(group.length, xs.length * K);
    prog.dispatch = [group.length * K, 1, 1];
    const uniforms = [K, at * K, ...group.map((x) => sizeOf(x.shape))].map(i32u);
    run(backend, prog, group, uniforms, 'float32', partials);
  }
  const out = run(backend, finalSumProgram(), [partials]);
  backend.disposeData(partials.dataId);
  return out;
}

/** Inputs named x0, x1, … in index order. */
export function numberedInputs(
  kernel: string,
  inputs: Record<string, tf.TensorInfo>,
  prefix: string,
): tf.TensorInfo[] {
  const count = Object.keys(inputs).length;
  return Array.from({ length: count }, (_, i) => {
    const t = inputs[`${prefix}${i}`];
    if (!t)
      throw new Error(
        `${kernel}: inputs must be named ${prefix}0 … ${prefix}${count - 1}; ${prefix}${i} is missing`,
      );
    return t;
  });
}

export function registerSumSquaresKernel(): void {
  registerWebGPUKernel(SUM_SQUARES, (backend, inputs) =>
    sumSquares(backend, numberedInputs(SUM_SQUARES, inputs, 'x')),
  );
}
