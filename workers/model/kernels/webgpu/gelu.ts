// Tanh-GELU (GPT-2's `gelu_new`) forward and backward on WebGPU, one elementwise pass each, with
// the contracts of names.ts (GELU, GELU_GRAD). tanh is computed from exp(−2|u|), which cannot
// overflow, rather than WGSL's tanh (NaN for large arguments on some drivers).
import { GELU, GELU_GRAD } from '../names';
import { groupsFor, program, registerWebGPUKernel, run, sizeOf, WG_INDEX } from './program';

const W = 64;

const TANH_GELU = /* wgsl */ `
  const K = 0.7978845608028654;
  const A = 0.044715;
  fn safeTanh(u : f32) -> f32 {
    let e = exp(-2.0 * abs(u));
    return sign(u) * (1.0 - e) / (1.0 + e);
  }
`;

function geluProgram(shape: number[], grad: boolean) {
  const inputs = grad ? ['x', 'dy'] : ['x'];
  const body = grad
    ? `let t = safeTanh(K * (v + A * v * v * v));
       result[e] = dy[e] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * K * (1.0 + 3.0 * A * v * v));`
    : `result[e] = 0.5 * v * (1.0 + safeTanh(K * (v + A * v * v * v)));`;
  return program({
    key: grad ? 'cmGeluGrad' : 'cmGelu',
    inputs,
    outputShape: shape,
    workgroups: groupsFor(sizeOf(shape), W),
    workgroupSize: W,
    size: true,
    code: /* wgsl */ `
      ${WG_INDEX}
      ${TANH_GELU}
      fn main(index : i32) {
        let e = wgIndex() * ${W} + i32(localId.x);
        if (e < uniforms.size) {
          let v = x[e];
          ${body}
        }
      }`,
  });
}

export function registerGeluKernels(): void {
  registerWebGPUKernel(GELU, (backend, { x }) => run(backend, geluProgram([...x.shape], false), [x]));
  registerWebGPUKernel(GELU_GRAD, (backend, { x, dy }) => {
    if (x.shape.join() !== dy.shape.join()) {
      throw new Error(`${GELU_GRAD}: dy has shape [${dy.shape}] but x has [${x.shape}]`);
    }
    return run(backend, geluProgram([...x.shape], true), [x, dy]);
  });
}
