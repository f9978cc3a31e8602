// Clipped AdamW for the cpu and wasm backends (the JS twins of webgpu/adamw.ts; contracts in
// names.ts): SUM_SQUARES gives Σ g² over all gradients in one kernel, ADAMW_MOMENTS updates a
// parameter's moments [2, S] (row 0 = m, row 1 = v) from its gradient and the clip factor,
// ADAMW_MOMENTS_ALL does so for all parameters' moments packed in one [2, P], ADAMW_PARAM writes
// a new parameter from its slice of the moments, and ADAMW_PARAMS_ALL (cpu only) all of them.
// Every output is a new tensor: the wasm backend caches XNNPACK operators with pre-packed weights
// by tensor id, so a weight updated in place would leave the next forward pass on stale weights
// (TECH.md §1.7).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { registerJsKernel } from './js-kernel';
import { ADAMW_MOMENTS, ADAMW_MOMENTS_ALL, ADAMW_PARAM, ADAMW_PARAMS_ALL, SUM_SQUARES } from './names';

/** torch's clip_grad_norm_ factor: min(clip / (‖g‖ + 1e-6), 1), or 1 when clip is 0. */
export function clipFactor(sumSq: number, clip: number): number {
  return clip > 0 ? Math.min(clip / (Math.sqrt(sumSq) + 1e-6), 1) : 1;
}

/** out[·, offset + i] = the moments after gradient g (row 0 at 0, row 1 at P), clip factor `coef`. */
function updateMoments(
  g: Float32Array,
  mv: Float32Array,
  out: Float32Array,
  offset: number,
  P: number,
  coef: number,
  attrs: Record<string, unknown>,
): void {
  const b1 = attrs.beta1 as number;
  const b2 = attrs.beta2 as number;
  for (let i = 0; i < g.length; i++) {
    const gc = g[i] * coef;
    const m = offset + i;
    out[m] = b1 * mv[m] + (1 - b1) * gc;
    out[P + m] = b2 * mv[P + m] + (1 - b2) * gc * gc;
  }
}

export function registerAdamWKernels(): void {
  registerJsKernel(SUM_SQUARES, (io, inputs) => {
    const out = io.output([1]);
    const count = Object.keys(inputs).length;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const t = inputs[`x${k}`];
      if (!t) throw new Error(`${SUM_SQUARES}: inputs must be named x0 … x${count - 1}; x${k} is missing`);
      const x = io.input(t) as Float32Array;
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      sum += s;
    }
    out.values[0] = sum;
    return out.info;
  });
  registerJsKernel(ADAMW_MOMENTS, (io, { g, mv, sumSq }, attrs) => {
    const S = g.shape.reduce((a, b) => a * b, 1);
    if (mv.shape.length !== 2 || mv.shape[0] !== 2 || mv.shape[1] !== S)
      throw new Error(`${ADAMW_MOMENTS}: mv has shape [${mv.shape}], expected [2, ${S}]`);
    const out = io.output([2, S]);
    const o = out.values as Float32Array;
    const ms = io.input(mv) as Float32Array;
    const coef = clipFactor((io.input(sumSq) as Float32Array)[0], attrs.clip as number);
    updateMoments(io.input(g) as Float32Array, ms, o, 0, S, coef, attrs);
    return out.info;
  });
  registerJsKernel(ADAMW_MOMENTS_ALL, (io, inputs, attrs) => {
    const { mv, sumSq } = inputs;
    const k = Object.keys(inputs).length - 2;
    const P = mv.shape[1];
    const out = io.output([2, P]);
    const o = out.values as Float32Array;
    const ms = io.input(mv) as Float32Array;
    const coef = clipFactor((io.input(sumSq) as Float32Array)[0], attrs.clip as number);
    let offset = 0;
    for (let i = 0; i < k; i++) {
      const g = inputs[`g${i}`];
      if (!g)
        throw new Error(`${ADAMW_MOMENTS_ALL}: gradients must be named g0 … g${k - 1}; g${i} is missing`);
      const gs = io.input(g) as Float32Array;
      updateMoments(gs, ms, o, offset, P, coef, attrs);
      offset += gs.length;
    }
    if (offset !== P)
      throw new Error(`${ADAMW_MOMENTS_ALL}: gradients hold ${offset} values but mv has [2, ${P}]`);
    return out.info;
  });
  registerJsKernel(ADAMW_PARAM, (io, { p, mv }, attrs) => {
    const out = io.output(p.shape);
    const ps = io.input(p) as Float32Array;
    const at = (attrs.offset as number | undefined) ?? 0;
    const P = mv.shape[1];
    if (at + ps.length > P) {
      throw new Error(`${ADAMW_PARAM}: offset ${at} + size ${ps.length} exceeds the moments' ${P}`);
    }
    const wd = attrs.weightDecay as number;
    updateParam(ps, io.input(mv) as Float32Array, out.values as Float32Array, at, P, wd, attrs);
    return out.info;
  });
  // All parameters in one call: the cpu twin of the webgpu kernel (wasm keeps ADAMW_PARAM).
  registerJsKernel(
    ADAMW_PARAMS_ALL,
    (io, inputs, attrs) => {
      const { mv } = inputs;
      const k = Object.keys(inputs).length - 1;
      const decays = attrs.weightDecays as number[];
      const P = mv.shape[1];
      const ms = io.input(mv) as Float32Array;
      const outs: TensorInfo[] = [];
      let offset = 0;
      for (let i = 0; i < k; i++) {
        const p = inputs[`p${i}`];
        if (!p)
          throw new Error(`${ADAMW_PARAMS_ALL}: parameters must be named p0 … p${k - 1}; p${i} is missing`);
        const out = io.output(p.shape);
        const ps = io.input(p) as Float32Array;
        updateParam(ps, ms, out.values as Float32Array, offset, P, decays[i], attrs);
        offset += ps.length;
        outs.push(out.info);
      }
      if (offset !== P) {
        throw new Error(`${ADAMW_PARAMS_ALL}: parameters hold ${offset} values but mv has [2, ${P}]`);
      }
      return outs;
    },
    ['cpu'],
  );
}

/** out = p·(1 − lr·wd) − (lr/bc1)·m / (√v/√bc2 + eps), m and v from mv at `at` (rows 0 and P). */
function updateParam(
  ps: Float32Array,
  ms: Float32Array,
  o: Float32Array,
  at: number,
  P: number,
  weightDecay: number,
  attrs: Record<string, unknown>,
): void {
  const { lr, eps, bc1, bc2 } = attrs as Record<string, number>;
  const decay = 1 - lr * weightDecay;
  const step = lr / bc1;
  const rbc2 = 1 / Math.sqrt(bc2);
  for (let i = 0; i < ps.length; i++) {
    o[i] = ps[i] * decay - (step * ms[at + i]) / (Math.sqrt(ms[P + at + i]) * rbc2 + eps);
  }
}
