// ADAMW_PARAMS_ALL on WebGPU (contract in ../names.ts): every parameter's AdamW update from the
// shared moments [2, P] in a few dispatches instead of one per parameter. A program updates a
// group of parameters: it reads each pᵢ and the moments and writes each pᵢ' (the first through
// tfjs's output binding, the others through writable aliases of fresh tensors passed as inputs,
// program.ts `writableAliases`). A group holds as many parameters as the device may bind: 2 per
// parameter (pᵢ, pᵢ') + the moments ≤ maxStorageBuffersPerShaderStage, so 3 with WebGPU's default
// of 8 and 4 with SwiftShader's 10: 52 parameters (the micro preset) in 18 or 13 dispatches.
import type * as tf from '@tensorflow/tfjs-core';
import { ADAMW_PARAMS_ALL } from '../names';
import { floats } from './adamw';
import {
  f32u,
  groupsFor,
  i32u,
  inputBudget,
  program,
  registerWebGPUKernel,
  run,
  sizeOf,
  WG_INDEX,
  writableAliases,
  type Uniform,
} from './program';
import { numberedInputs } from './sum-squares';

const W = 64;

/**
 * Updates of `count` parameters, the first of shape `first` (tfjs's output); parameter i owns the
 * run of workgroups from uniform blk_i.
 */
function paramsGroupProgram(count: number, first: number[], blocks: number) {
  const ps = Array.from({ length: count }, (_, i) => `p${i}`);
  const outs = ps.slice(1).map((_, i) => `o${i + 1}`); // pᵢ' for i ≥ 1 (p₀' is `result`)
  const pick = ps
    .slice(1)
    .map((_, j) => `if (wg >= uniforms.blk${j + 1}) { which = ${j + 1}; }`)
    .join('\n');
  const cases = ps
    .map((p, i) => {
      const dst = i === 0 ? 'result' : `o${i}W`;
      return `case ${i}: {
        let e = (wg - uniforms.blk${i}) * ${W} + tid;
        if (e < uniforms.size${i}) { ${dst}[e] = newParam(${p}[e], uniforms.off${i} + e, uniforms.wd${i}); }
      }`;
    })
    .join('\n');
  return program({
    key: `cmAdamWParamsAll_${count}`,
    inputs: [...ps, 'mv', ...outs],
    outputShape: first,
    workgroups: blocks,
    workgroupSize: W,
    uniforms: `P : i32, lr : f32, eps : f32, bc1 : f32, bc2 : f32, ${ps
      .map((_, i) => `off${i} : i32, size${i} : i32, blk${i} : i32, wd${i} : f32, `)
      .join('')}`,
    code: /* wgsl */ `
      ${writableAliases(count + 1, outs)}
      ${WG_INDEX}
      fn newParam(p : f32, at : i32, wd : f32) -> f32 {
        let mN = mv[at];
        let vN = mv[uniforms.P + at];
        let denom = sqrt(vN) / sqrt(uniforms.bc2) + uniforms.eps;
        return p * (1.0 - uniforms.lr * wd) - (uniforms.lr / uniforms.bc1) * (mN / denom);
      }
      fn main(index : i32) {
        let wg = wgIndex();
        let tid = i32(localId.x);
        var which = 0;
        ${pick}
        switch (which) {
          ${cases}
          default: {}
        }
      }`,
  });
}

export function registerAdamWParamsAllKernel(): void {
  registerWebGPUKernel(ADAMW_PARAMS_ALL, (backend, inputs, attrs) => {
    const k = ADAMW_PARAMS_ALL;
    const { mv, ...rest } = inputs;
    if (!mv) throw new Error(`${k}: input mv is required`);
    const params = numberedInputs(k, rest, 'p');
    const decays = attrs.weightDecays;
    if (!Array.isArray(decays) || decays.length !== params.length) {
      throw new Error(`${k}: attr weightDecays must list one number per parameter (${params.length})`);
    }
    const sizes = params.map((p) => sizeOf(p.shape));
    const P = sizes.reduce((a, b) => a + b, 0);
    if (mv.shape.join() !== [2, P].join()) {
      throw new Error(`${k}: mv must have shape [2, ${P}] (Σ parameter sizes), got [${mv.shape}]`);
    }
    const hyper = floats(k, attrs, ['lr', 'eps', 'bc1', 'bc2']);
    const groupSize = Math.max(1, Math.floor(inputBudget(backend, 1) / 2)); // pᵢ and pᵢ' each, + mv
    const outputs: tf.TensorInfo[] = [];
    let offset = 0;
    for (let at = 0; at < params.length; at += groupSize) {
      const group = params.slice(at, at + groupSize);
      const outs = group.map((p) => backend.makeTensorInfo([...p.shape], 'float32'));
      const per: Uniform[] = [];
      let blocks = 0;
      group.forEach((_, i) => {
        const size = sizes[at + i];
        per.push(i32u(offset), i32u(size), i32u(blocks), f32u(Number(decays[at + i])));
        offset += size;
        blocks += groupsFor(size, W);
      });
      const prog = paramsGroupProgram(group.length, [...group[0].shape], blocks);
      run(backend, prog, [...group, mv, ...outs.slice(1)], [i32u(P), ...hyper, ...per], 'float32', outs[0]);
      outputs.push(...outs);
    }
    return outputs;
  });
}
