// Clipped AdamW on WebGPU (torch.optim.AdamW after clip_grad_norm_). Contracts (also in names.ts;
// the global sum of squares is sum-squares.ts):
//
// ADAMW_MOMENTS 'CodemixAdamWMoments': inputs {g, mv [2, S], sumSq [1]}, attrs {beta1, beta2, clip}
//   → mv' [2, S] (S = size of g): row 0 m' = β1·m + (1−β1)·ĝ, row 1 v' = β2·v + (1−β2)·ĝ², where
//   ĝ = g·min(clip / (√sumSq + 1e-6), 1) (clip 0: ĝ = g), as torch computes the clip factor.
// ADAMW_MOMENTS_ALL 'CodemixAdamWMomentsAll': inputs {g0 … g(k−1), mv [2, P], sumSq [1]}, same
//   attrs → mv' [2, P], P = Σ size(gᵢ): the moments of ALL parameters in one tensor, gᵢ's slice at
//   offset oᵢ = Σ_{j<i} size(gⱼ) of each row. One engine kernel of ⌈k/group⌉ dispatches, a group
//   being as many gradients as the device may bind besides mv, sumSq and the output (5 with
//   WebGPU's default 8 storage buffers per stage, 7 on SwiftShader's 10).
// ADAMW_PARAM 'CodemixAdamWParam': inputs {p, mv' [2, P]}, attrs {lr, eps, weightDecay, bc1, bc2,
//   offset? (default 0)} → p' = p·(1 − lr·wd) − (lr/bc1)·m / (√v/√bc2 + eps) with m = mv'[0, offset + e],
//   v = mv'[1, offset + e]. wd = 0 where the parameter takes no decay; bc1 = 1 − β1^t, bc2 = 1 − β2^t.
//   A step: SUM_SQUARES + ADAMW_MOMENTS_ALL + one ADAMW_PARAM per parameter (or, with per-parameter
//   moments, ADAMW_MOMENTS + ADAMW_PARAM per parameter).
// ADAMW 'CodemixAdamW' (the per-output form): inputs {p, g, m, v, coef [1] or []} (coef = the clip
//   factor), attrs {lr, beta1, beta2, eps, weightDecay, bc1, bc2, which: 'p' | 'm' | 'v'} → the
//   updated p, m or v (p's shape); 3 kernels per parameter, each recomputing m' and v'.
// All outputs are new tensors (no in-place writes: tfjs caches read-back values on the CPU).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type * as tf from '@tensorflow/tfjs-core';
import { ADAMW, ADAMW_MOMENTS, ADAMW_MOMENTS_ALL, ADAMW_PARAM } from '../names';
import { numberedInputs } from './sum-squares';
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
  type Uniform,
} from './program';

const W = 64;

/** One thread per element e < S (S = the parameter's size, the uniform `S`). */
function elementwise(
  key: string,
  inputs: string[],
  outputShape: number[],
  S: number,
  uniforms: string,
  body: string,
  prelude = '',
) {
  return program({
    key,
    inputs,
    outputShape,
    workgroups: groupsFor(S, W),
    workgroupSize: W,
    uniforms: `S : i32, ${uniforms}`,
    code: /* wgsl */ `
      ${WG_INDEX}
      ${prelude}
      fn main(index : i32) {
        let e = wgIndex() * ${W} + i32(localId.x);
        if (e < uniforms.S) {
          ${body}
        }
      }`,
  });
}

const CLIP = /* wgsl */ `
  fn clipCoef() -> f32 {
    return select(1.0, min(uniforms.clip / (sqrt(sumSq[0]) + 1e-6), 1.0), uniforms.clip > 0.0);
  }
`;
const MOMENTS = /* wgsl */ `
  let mN = uniforms.beta1 * m0 + (1.0 - uniforms.beta1) * gc;
  let vN = uniforms.beta2 * v0 + (1.0 - uniforms.beta2) * gc * gc;
`;
const PARAM = /* wgsl */ `
  let denom = sqrt(vN) / sqrt(uniforms.bc2) + uniforms.eps;
  let pN = p[e] * (1.0 - uniforms.lr * uniforms.wd) - (uniforms.lr / uniforms.bc1) * (mN / denom);
`;

export function num(kernel: string, attrs: Record<string, unknown>, name: string, fallback?: number): number {
  const v = attrs[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`${kernel}: attr ${name} must be a number`);
  }
  return v;
}

export const floats = (kernel: string, attrs: Record<string, unknown>, names: string[]): Uniform[] =>
  names.map((a) => f32u(num(kernel, attrs, a)));

function sameSize(kernel: string, named: [string, tf.TensorInfo, number][]): void {
  for (const [name, t, size] of named) {
    if (sizeOf(t.shape) !== size) {
      throw new Error(`${kernel}: input "${name}" has ${sizeOf(t.shape)} values, expected ${size}`);
    }
  }
}

/** Moments of a group of gradients, written into the shared [2, P] output. */
function momentsGroupProgram(count: number, P: number, blocks: number) {
  const names = Array.from({ length: count }, (_, i) => `g${i}`);
  // Each gradient owns a run of workgroups starting at blk_i; the runs are in input order.
  const pick = names
    .slice(1)
    .map((_, j) => `if (wg >= uniforms.blk${j + 1}) { which = ${j + 1}; }`)
    .join('\n');
  const cases = names
    .map(
      (g, i) => `case ${i}: {
        let e = (wg - uniforms.blk${i}) * ${W} + tid;
        if (e < uniforms.size${i}) { update(${g}[e], uniforms.off${i} + e); }
      }`,
    )
    .join('\n');
  return program({
    key: `cmAdamWMomentsAll_${count}`,
    inputs: [...names, 'mv', 'sumSq'],
    outputShape: [2, P],
    workgroups: blocks,
    workgroupSize: W,
    uniforms: `P : i32, beta1 : f32, beta2 : f32, clip : f32, ${names
      .map((_, i) => `off${i} : i32, size${i} : i32, blk${i} : i32, `)
      .join('')}`,
    code: /* wgsl */ `
      ${WG_INDEX}
      ${CLIP}
      fn update(g : f32, at : i32) {
        let gc = g * clipCoef();
        let m0 = mv[at];
        let v0 = mv[uniforms.P + at];
        ${MOMENTS}
        result[at] = mN;
        result[uniforms.P + at] = vN;
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

function momentsAll(
  backend: WebGPUBackend,
  grads: tf.TensorInfo[],
  mv: tf.TensorInfo,
  sumSq: tf.TensorInfo,
  attrs: Record<string, unknown>,
): tf.TensorInfo {
  const k = ADAMW_MOMENTS_ALL;
  if (grads.length === 0) throw new Error(`${k}: needs at least one gradient`);
  const sizes = grads.map((g) => sizeOf(g.shape));
  const P = sizes.reduce((a, b) => a + b, 0);
  if (mv.shape.join() !== [2, P].join()) {
    throw new Error(`${k}: mv must have shape [2, ${P}] (Σ gradient sizes), got [${mv.shape}]`);
  }
  sameSize(k, [['sumSq', sumSq, 1]]);
  const hyper = floats(k, attrs, ['beta1', 'beta2', 'clip']);
  const out = backend.makeTensorInfo([2, P], 'float32');
  let offset = 0;
  const groupSize = inputBudget(backend, 3); // + mv, sumSq and the output
  for (let at = 0; at < grads.length; at += groupSize) {
    const group = grads.slice(at, at + groupSize);
    const per: Uniform[] = [];
    let blocks = 0;
    for (const g of group) {
      const size = sizeOf(g.shape);
      per.push(i32u(offset), i32u(size), i32u(blocks));
      offset += size;
      blocks += groupsFor(size, W);
    }
    const prog = momentsGroupProgram(group.length, P, blocks);
    run(backend, prog, [...group, mv, sumSq], [i32u(P), ...hyper, ...per], 'float32', out);
  }
  return out;
}

export function registerAdamWKernels(): void {
  registerWebGPUKernel(ADAMW_MOMENTS, (backend, { g, mv, sumSq }, attrs) => {
    const S = sizeOf(g.shape);
    sameSize(ADAMW_MOMENTS, [
      ['mv', mv, 2 * S],
      ['sumSq', sumSq, 1],
    ]);
    const prog = elementwise(
      'cmAdamWMoments',
      ['g', 'mv', 'sumSq'],
      [2, S],
      S,
      'beta1 : f32, beta2 : f32, clip : f32, ',
      /* wgsl */ `
        let gc = g[e] * clipCoef();
        let m0 = mv[e];
        let v0 = mv[uniforms.S + e];
        ${MOMENTS}
        result[e] = mN;
        result[uniforms.S + e] = vN;`,
      CLIP,
    );
    const hyper = floats(ADAMW_MOMENTS, attrs, ['beta1', 'beta2', 'clip']);
    return run(backend, prog, [g, mv, sumSq], [i32u(S), ...hyper]);
  });

  registerWebGPUKernel(ADAMW_MOMENTS_ALL, (backend, inputs, attrs) => {
    const { mv, sumSq, ...rest } = inputs;
    if (!mv || !sumSq) throw new Error(`${ADAMW_MOMENTS_ALL}: inputs mv and sumSq are required`);
    return momentsAll(backend, numberedInputs(ADAMW_MOMENTS_ALL, rest, 'g'), mv, sumSq, attrs);
  });

  registerWebGPUKernel(ADAMW_PARAM, (backend, { p, mv }, attrs) => {
    const k = ADAMW_PARAM;
    const S = sizeOf(p.shape);
    const offset = num(k, attrs, 'offset', 0);
    const P = mv.shape[1];
    if (mv.shape.length !== 2 || mv.shape[0] !== 2 || !(offset >= 0 && offset + S <= P)) {
      throw new Error(`${k}: mv [${mv.shape}] must be [2, P] holding ${S} values from offset ${offset}`);
    }
    const prog = elementwise(
      'cmAdamWParam',
      ['p', 'mv'],
      [...p.shape],
      S,
      'offset : i32, P : i32, lr : f32, eps : f32, wd : f32, bc1 : f32, bc2 : f32, ',
      /* wgsl */ `
        let mN = mv[uniforms.offset + e];
        let vN = mv[uniforms.P + uniforms.offset + e];
        ${PARAM}
        result[e] = pN;`,
    );
    const hyper = floats(k, attrs, ['lr', 'eps', 'weightDecay', 'bc1', 'bc2']);
    return run(backend, prog, [p, mv], [i32u(S), i32u(offset), i32u(P), ...hyper]);
  });

  registerWebGPUKernel(ADAMW, (backend, { p, g, m, v, coef }, attrs) => {
    const S = sizeOf(p.shape);
    sameSize(ADAMW, [
      ['g', g, S],
      ['m', m, S],
      ['v', v, S],
      ['coef', coef, 1],
    ]);
    const which = ['p', 'm', 'v'].indexOf(attrs.which as string);
    if (which < 0) {
      throw new Error(`${ADAMW}: attr which must be 'p', 'm' or 'v', got ${String(attrs.which)}`);
    }
    const prog = elementwise(
      'cmAdamW',
      ['p', 'g', 'm', 'v', 'coef'],
      [...p.shape],
      S,
      'lr : f32, beta1 : f32, beta2 : f32, eps : f32, wd : f32, bc1 : f32, bc2 : f32, which : i32, ',
      /* wgsl */ `
        let gc = g[e] * coef[0];
        let m0 = m[e];
        let v0 = v[e];
        ${MOMENTS}
        ${PARAM}
        result[e] = select(select(pN, mN, uniforms.which == 1), vN, uniforms.which == 2);`,
    );
    const names = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'bc1', 'bc2'];
    return run(backend, prog, [p, g, m, v, coef], [i32u(S), ...floats(ADAMW, attrs, names), i32u(which)]);
  });
}
