// Clipped AdamW on WebGPU (torch.optim.AdamW after clip_grad_norm_). Contracts (also in names.ts):
//
// SUM_SQUARES 'CodemixSumSquares': inputs {x0 … x(k−1)} (k ≥ 1, any shapes, float32) → [1] = Σᵢ Σ xᵢ²,
//   deterministic (fixed-order two-level reduction). One engine kernel for the whole global norm:
//   ⌈k/8⌉ + 1 dispatches (8 inputs per program stays under the 10 storage buffers of SwiftShader).
// ADAMW_MOMENTS 'CodemixAdamWMoments': inputs {g, mv [2, S], sumSq [1]}, attrs {beta1, beta2, clip}
//   → mv' [2, S] (S = size of g): row 0 m' = β1·m + (1−β1)·ĝ, row 1 v' = β2·v + (1−β2)·ĝ², where
//   ĝ = g·min(clip / (√sumSq + 1e-6), 1) (clip 0: ĝ = g), as torch computes the clip factor.
// ADAMW_PARAM 'CodemixAdamWParam': inputs {p, mv' [2, S]}, attrs {lr, eps, weightDecay, bc1, bc2}
//   → p' = p·(1 − lr·wd) − (lr/bc1)·m' / (√v'/√bc2 + eps). The caller passes wd = 0 where the
//   parameter takes no decay; bc1 = 1 − β1^t, bc2 = 1 − β2^t.
//   So a step is 1 + 2 per parameter kernels with the moments kept as one [2, S] tensor each.
// ADAMW 'CodemixAdamW' (the per-output form): inputs {p, g, m, v, coef [1] or []} (coef = the clip
//   factor), attrs {lr, beta1, beta2, eps, weightDecay, bc1, bc2, which: 'p' | 'm' | 'v'} → the
//   updated p, m or v (p's shape); 3 kernels per parameter, each recomputing m' and v'.
// All outputs are new tensors (no in-place writes: tfjs caches read-back values on the CPU).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type * as tf from '@tensorflow/tfjs-core';
import { ADAMW, ADAMW_MOMENTS, ADAMW_PARAM, SUM_SQUARES } from '../names';
import { groupsFor, program, reduceSnippet, registerWebGPUKernel, run, sizeOf, WG_INDEX } from './program';

const W = 64;
const GROUP = 8; // inputs per sum-of-squares program
const RW = 256; // threads of the reduction programs

/** One thread per element e < S (S = the parameter's size, the uniform `S`). */
function elementwise(
  key: string,
  inputs: string[],
  outputShape: number[],
  S: number,
  uniforms: string,
  body: string,
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
      fn main(index : i32) {
        let e = wgIndex() * ${W} + i32(localId.x);
        if (e < uniforms.S) {
          ${body}
        }
      }`,
  });
}

const i32u = (v: number) => ({ type: 'int32' as const, data: [v] });

const MOMENTS = /* wgsl */ `
  let mN = uniforms.beta1 * m0 + (1.0 - uniforms.beta1) * gc;
  let vN = uniforms.beta2 * v0 + (1.0 - uniforms.beta2) * gc * gc;
`;
const PARAM = /* wgsl */ `
  let denom = sqrt(vN) / sqrt(uniforms.bc2) + uniforms.eps;
  let pN = p[e] * (1.0 - uniforms.lr * uniforms.wd) - (uniforms.lr / uniforms.bc1) * (mN / denom);
`;

function num(kernel: string, attrs: Record<string, unknown>, name: string): number {
  const v = attrs[name];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`${kernel}: attr ${name} must be a number`);
  return v;
}

const f32 = (...data: number[]) => data.map((d) => ({ type: 'float32' as const, data: [d] }));

function sameSize(kernel: string, named: [string, tf.TensorInfo, number][]): void {
  for (const [name, t, size] of named) {
    if (sizeOf(t.shape) !== size) {
      throw new Error(`${kernel}: input "${name}" has ${sizeOf(t.shape)} values, expected ${size}`);
    }
  }
}

/** Partial sums of squares of up to GROUP inputs into `partials` at `offset` (K per input). */
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
  for (let at = 0; at < xs.length; at += GROUP) {
    const group = xs.slice(at, at + GROUP);
    const prog = squaresProgram(group.length, xs.length * K);
    prog.dispatch = [group.length * K, 1, 1];
    const uniforms = [K, at * K, ...group.map((x) => sizeOf(x.shape))].map(i32u);
    run(backend, prog, group, uniforms, 'float32', partials);
  }
  const out = run(backend, finalSumProgram(), [partials]);
  backend.disposeData(partials.dataId);
  return out;
}

export function registerAdamWKernels(): void {
  registerWebGPUKernel(SUM_SQUARES, (backend, inputs) => {
    const xs = Object.keys(inputs)
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
      .map((k) => inputs[k]);
    return sumSquares(backend, xs);
  });

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
        let coef = select(1.0, min(uniforms.clip / (sqrt(sumSq[0]) + 1e-6), 1.0), uniforms.clip > 0.0);
        let gc = g[e] * coef;
        let m0 = mv[e];
        let v0 = mv[uniforms.S + e];
        ${MOMENTS}
        result[e] = mN;
        result[uniforms.S + e] = vN;`,
    );
    const k = ADAMW_MOMENTS;
    const values = ['beta1', 'beta2', 'clip'].map((a) => num(k, attrs, a));
    return run(backend, prog, [g, mv, sumSq], [i32u(S), ...f32(...values)]);
  });

  registerWebGPUKernel(ADAMW_PARAM, (backend, { p, mv }, attrs) => {
    const S = sizeOf(p.shape);
    sameSize(ADAMW_PARAM, [['mv', mv, 2 * S]]);
    const prog = elementwise(
      'cmAdamWParam',
      ['p', 'mv'],
      [...p.shape],
      S,
      'lr : f32, eps : f32, wd : f32, bc1 : f32, bc2 : f32, ',
      /* wgsl */ `
        let mN = mv[e];
        let vN = mv[uniforms.S + e];
        ${PARAM}
        result[e] = pN;`,
    );
    const k = ADAMW_PARAM;
    const values = ['lr', 'eps', 'weightDecay', 'bc1', 'bc2'].map((a) => num(k, attrs, a));
    return run(backend, prog, [p, mv], [i32u(S), ...f32(...values)]);
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
    if (which < 0)
      throw new Error(`${ADAMW}: attr which must be 'p', 'm' or 'v', got ${String(attrs.which)}`);
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
    const k = ADAMW;
    const values = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'bc1', 'bc2'].map((a) => num(k, attrs, a));
    return run(backend, prog, [p, g, m, v, coef], [i32u(S), ...f32(...values), i32u(which)]);
  });
}
