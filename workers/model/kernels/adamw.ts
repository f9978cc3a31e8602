// Clipped AdamW for the cpu and wasm backends (the JS twins of webgpu/adamw.ts; contracts in
// names.ts): SUM_SQUARES gives Σ g² over all gradients in one kernel, ADAMW_MOMENTS updates a
// parameter's moments [2, S] (row 0 = m, row 1 = v) from its gradient and the clip factor, and
// ADAMW_PARAM writes the new parameter. Every output is a new tensor: the wasm backend caches
// XNNPACK operators with pre-packed weights by tensor id, so a weight updated in place would
// leave the next forward pass on stale weights (TECH.md §1.7).
import { registerJsKernel } from './js-kernel';
import { ADAMW_MOMENTS, ADAMW_PARAM, SUM_SQUARES } from './names';

/** torch's clip_grad_norm_ factor: min(clip / (‖g‖ + 1e-6), 1), or 1 when clip is 0. */
export function clipFactor(sumSq: number, clip: number): number {
  return clip > 0 ? Math.min(clip / (Math.sqrt(sumSq) + 1e-6), 1) : 1;
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
    const { beta1, beta2, clip } = attrs as { beta1: number; beta2: number; clip: number };
    const S = g.shape.reduce((a, b) => a * b, 1);
    if (mv.shape.length !== 2 || mv.shape[0] !== 2 || mv.shape[1] !== S)
      throw new Error(`${ADAMW_MOMENTS}: mv has shape [${mv.shape}], expected [2, ${S}]`);
    const out = io.output([2, S]);
    const o = out.values as Float32Array;
    const gs = io.input(g) as Float32Array;
    const ms = io.input(mv) as Float32Array;
    const coef = clipFactor((io.input(sumSq) as Float32Array)[0], clip);
    for (let i = 0; i < S; i++) {
      const gc = gs[i] * coef;
      o[i] = beta1 * ms[i] + (1 - beta1) * gc;
      o[S + i] = beta2 * ms[S + i] + (1 - beta2) * gc * gc;
    }
    return out.info;
  });
  registerJsKernel(ADAMW_PARAM, (io, { p, mv }, attrs) => {
    const { lr, eps, weightDecay, bc1, bc2 } = attrs as Record<string, number>;
    const out = io.output(p.shape);
    const o = out.values as Float32Array;
    const ps = io.input(p) as Float32Array;
    const ms = io.input(mv) as Float32Array;
    const S = ps.length;
    const decay = 1 - lr * weightDecay;
    const step = lr / bc1;
    const rbc2 = 1 / Math.sqrt(bc2);
    for (let i = 0; i < S; i++) {
      o[i] = ps[i] * decay - (step * ms[i]) / (Math.sqrt(ms[S + i]) * rbc2 + eps);
    }
    return out.info;
  });
}
