// Sparse softmax cross-entropy on WebGPU with the contracts of names.ts: SOFTMAX_CE (per-row loss
// logsumexp(z) − z[target]) and SOFTMAX_CE_GRAD ((softmax(z) − onehot)·scale). One workgroup per
// row; each thread keeps an online (max, Σexp) pair over its columns, merged by a tree reduction,
// so the forward reads the logits once. No [N, V] one-hot or log-softmax tensor is made. Rows with
// scale 0 (ignored positions) skip the reads and write zeros. Targets are int32; one outside
// [0, V) picks nothing (as a one-hot row of zeros would, and as the cpu twin does).
import type * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD } from '../names';
import {
  expectDtype,
  expectShape,
  NEG_BIG,
  program,
  reduceSnippet,
  registerWebGPUKernel,
  run,
  WG_INDEX,
} from './program';

const threadsFor = (V: number) => (V >= 2048 ? 256 : V >= 512 ? 128 : 64);

/** Per-row (max, Σexp) of the logits; `live` false skips the reads (uniform across the group). */
const ROW_LSE = /* wgsl */ `
  let N = uniforms.logitsShape[0];
  let V = uniforms.logitsShape[1];
  let tid = i32(localId.x);
  let row = min(wgIndex(), N - 1);
  let at = row * V;
  let inRange = targets[row] >= 0 && targets[row] < V;
  let tgt = select(-1, targets[row], inRange); // -1 matches no column
  var m = ${NEG_BIG};
  var s = 0.0;
  let limit = select(0, V, live);
  for (var c = tid; c < limit; c += W) {
    let z = logits[at + c];
    if (z > m) {
      s = s * exp(m - z) + 1.0;
      m = z;
    } else {
      s += exp(z - m);
    }
  }
  let ms = reduceMaxSumExp(m, s, tid);
  let writes = wgIndex() < N;
`;

function lossProgram(N: number, V: number) {
  const W = threadsFor(V);
  return program({
    key: `cmSoftmaxCE_${W}`,
    inputs: ['logits', 'targets'],
    outputShape: [N],
    workgroups: N,
    workgroupSize: W,
    code: /* wgsl */ `
      const W = ${W};
      ${WG_INDEX}
      ${reduceSnippet(W)}
      fn main(index : i32) {
        let live = true;
        ${ROW_LSE}
        if (writes && tid == 0) {
          result[row] = ms.x + log(ms.y) - select(0.0, logits[at + max(tgt, 0)], inRange);
        }
      }`,
  });
}

function gradProgram(N: number, V: number) {
  const W = threadsFor(V);
  return program({
    key: `cmSoftmaxCEGrad_${W}`,
    inputs: ['logits', 'targets', 'scale'],
    outputShape: [N, V],
    workgroups: N,
    workgroupSize: W,
    code: /* wgsl */ `
      const W = ${W};
      ${WG_INDEX}
      ${reduceSnippet(W)}
      fn main(index : i32) {
        let sc = scale[min(wgIndex(), uniforms.logitsShape[0] - 1)];
        let live = sc != 0.0;
        ${ROW_LSE}
        if (writes) {
          let inv = 1.0 / ms.y;
          for (var c = tid; c < V; c += W) {
            var g = 0.0;
            if (live) {
              g = (exp(logits[at + c] - ms.x) * inv - select(0.0, 1.0, c == tgt)) * sc;
            }
            result[at + c] = g;
          }
        }
      }`,
  });
}

function check(kernel: string, logits: tf.TensorInfo, targets: tf.TensorInfo): void {
  expectShape(kernel, 'logits', logits, 2);
  expectDtype(kernel, 'targets', targets, 'int32');
  if (targets.shape.length !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`${kernel}: targets must have shape [${logits.shape[0]}], got [${targets.shape}]`);
  }
}

export function registerSoftmaxCEKernels(): void {
  registerWebGPUKernel(SOFTMAX_CE, (backend, { logits, targets }) => {
    check(SOFTMAX_CE, logits, targets);
    const [N, V] = logits.shape;
    return run(backend, lossProgram(N, V), [logits, targets]);
  });
  registerWebGPUKernel(SOFTMAX_CE_GRAD, (backend, { logits, targets, scale }) => {
    check(SOFTMAX_CE_GRAD, logits, targets);
    const [N, V] = logits.shape;
    if (scale.shape.length !== 1 || scale.shape[0] !== N) {
      throw new Error(`${SOFTMAX_CE_GRAD}: scale must have shape [${N}], got [${scale.shape}]`);
    }
    return run(backend, gradProgram(N, V), [logits, targets, scale]);
  });
}
