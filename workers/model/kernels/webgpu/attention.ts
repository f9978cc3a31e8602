// Causal multi-head attention on WebGPU with the contracts of names.ts (ATTENTION,
// ATTENTION_GRAD): qkv [N, 3C] packed rows [q | k | v], segments [N] int32; position i attends to
// j ≤ i of its own segment, scores scaled by 1/√hs. One workgroup per (sequence, head, position):
// the scores of a row live in workgroup memory ([T] floats), so T ≤ 1024 and hs ≤ 256.
// Forward: scores → max → exp → Σ, then y = p·V with one thread per channel of the head.
// Backward recomputes the probabilities (no [B, H, T, T] tensor is stored) in two programs:
//  1. per query row i: p_ij, dP_ij = dy_i·v_j, D_i = Σ_j p_ij·dP_ij, dS_ij = p_ij·(dP_ij − D_i)·scale,
//     dq_i = Σ_j dS_ij·k_j; writes [B·H·T, hs + 2] = (dq_i, logsumexp_i, D_i), rows in (b, h, i) order;
//  2. per key row j: p_ij = exp(s_ij − lse_i) for i ≥ j, dv_j = Σ_i p_ij·dy_i, dk_j = Σ_i dS_ij·q_i,
//     and assembles dqkv [N, 3C] (dq copied from program 1). No atomics: deterministic.
import type * as tf from '@tensorflow/tfjs-core';
import { ATTENTION, ATTENTION_GRAD } from '../names';
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

interface Dims {
  B: number;
  T: number;
  H: number;
  C: number;
  hs: number;
}

const W = 64;

/** Constants and the work item (b, h, position) of this workgroup; the position is `pos`. */
function header(d: Dims): string {
  return /* wgsl */ `
    const T = ${d.T};
    const HS = ${d.hs};
    const W = ${W};
    ${WG_INDEX}
    ${reduceSnippet(W)}
  `;
}

/** Decode wgIndex() → (b, h, pos); all threads share these (derived from the workgroup). */
const ITEM = /* wgsl */ `
  let N = uniforms.qkvShape[0];
  let C3 = uniforms.qkvShape[1];
  let C = C3 / 3;
  let H = C / HS;
  let items = N * H;
  let item = min(wgIndex(), items - 1);
  let writes = wgIndex() < items;
  let pos = item % T;
  let bh = item / T;
  let h = bh % H;
  let base = (bh / H) * T;
  let tid = i32(localId.x);
  let scale = inverseSqrt(f32(HS));
`;

function forwardProgram(d: Dims) {
  return program({
    key: `cmAttention_${d.T}_${d.hs}`,
    inputs: ['qkv', 'segments'],
    outputShape: [d.B * d.T, d.C],
    workgroups: d.B * d.H * d.T,
    workgroupSize: W,
    code: /* wgsl */ `
      ${header(d)}
      var<workgroup> qs : array<f32, HS>;
      var<workgroup> ps : array<f32, T>;
      fn main(index : i32) {
        ${ITEM}
        let i = pos;
        let rowI = base + i;
        for (var x = tid; x < HS; x += W) { qs[x] = qkv[rowI * C3 + h * HS + x]; }
        workgroupBarrier();
        let seg = segments[rowI];
        var mx = ${NEG_BIG};
        for (var j = tid; j <= i; j += W) {
          var s = ${NEG_BIG};
          if (segments[base + j] == seg) {
            let k0 = (base + j) * C3 + C + h * HS;
            var acc = 0.0;
            for (var x = 0; x < HS; x++) { acc += qs[x] * qkv[k0 + x]; }
            s = acc * scale;
          }
          ps[j] = s;
          mx = max(mx, s);
        }
        let M = reduceMax(mx, tid);
        var sum = 0.0;
        for (var j = tid; j <= i; j += W) {
          let e = exp(ps[j] - M);
          ps[j] = e;
          sum += e;
        }
        let inv = 1.0 / reduceSum(sum, tid);
        if (writes) {
          for (var x = tid; x < HS; x += W) {
            let v0 = base * C3 + 2 * C + h * HS + x;
            var acc = 0.0;
            for (var j = 0; j <= i; j++) { acc += ps[j] * qkv[v0 + j * C3]; }
            result[rowI * C + h * HS + x] = acc * inv;
          }
        }
      }`,
  });
}

/** Program 1 of the backward pass: per (sequence, head, query row), [B·H·T, hs + 2] = (dq, lse, D). */
function rowGradProgram(d: Dims) {
  return program({
    key: `cmAttentionGradRows_${d.T}_${d.hs}`,
    inputs: ['qkv', 'segments', 'dy'],
    outputShape: [d.B * d.T * d.H, d.hs + 2],
    workgroups: d.B * d.H * d.T,
    workgroupSize: W,
    code: /* wgsl */ `
      ${header(d)}
      var<workgroup> qs : array<f32, HS>;
      var<workgroup> dys : array<f32, HS>;
      var<workgroup> ps : array<f32, T>;
      var<workgroup> dps : array<f32, T>;
      fn main(index : i32) {
        ${ITEM}
        let i = pos;
        let rowI = base + i;
        for (var x = tid; x < HS; x += W) {
          qs[x] = qkv[rowI * C3 + h * HS + x];
          dys[x] = dy[rowI * C + h * HS + x];
        }
        workgroupBarrier();
        let seg = segments[rowI];
        var mx = ${NEG_BIG};
        for (var j = tid; j <= i; j += W) {
          var s = ${NEG_BIG};
          if (segments[base + j] == seg) {
            let k0 = (base + j) * C3 + C + h * HS;
            var acc = 0.0;
            for (var x = 0; x < HS; x++) { acc += qs[x] * qkv[k0 + x]; }
            s = acc * scale;
          }
          ps[j] = s;
          mx = max(mx, s);
        }
        let M = reduceMax(mx, tid);
        var sum = 0.0;
        for (var j = tid; j <= i; j += W) {
          let e = exp(ps[j] - M);
          ps[j] = e;
          sum += e;
        }
        let S = reduceSum(sum, tid);
        let inv = 1.0 / S;
        var dpart = 0.0;
        for (var j = tid; j <= i; j += W) {
          let p = ps[j] * inv;
          var dp = 0.0;
          if (p != 0.0) {
            let v0 = (base + j) * C3 + 2 * C + h * HS;
            for (var x = 0; x < HS; x++) { dp += dys[x] * qkv[v0 + x]; }
          }
          ps[j] = p;
          dps[j] = dp;
          dpart += p * dp;
        }
        let D = reduceSum(dpart, tid);
        for (var j = tid; j <= i; j += W) { ps[j] = ps[j] * (dps[j] - D) * scale; }
        workgroupBarrier();
        if (writes) {
          let o0 = item * (HS + 2);
          for (var x = tid; x < HS; x += W) {
            let k0 = base * C3 + C + h * HS + x;
            var acc = 0.0;
            for (var j = 0; j <= i; j++) { acc += ps[j] * qkv[k0 + j * C3]; }
            result[o0 + x] = acc;
          }
          if (tid == 0) {
            result[o0 + HS] = M + log(S);
            result[o0 + HS + 1] = D;
          }
        }
      }`,
  });
}

/** Program 2 of the backward pass: per key row j, dk and dv; writes dqkv [N, 3C]. */
function columnGradProgram(d: Dims) {
  return program({
    key: `cmAttentionGradCols_${d.T}_${d.hs}`,
    inputs: ['qkv', 'segments', 'dy', 'rows'],
    outputShape: [d.B * d.T, 3 * d.C],
    workgroups: d.B * d.H * d.T,
    workgroupSize: W,
    code: /* wgsl */ `
      ${header(d)}
      var<workgroup> ks : array<f32, HS>;
      var<workgroup> vs : array<f32, HS>;
      var<workgroup> pc : array<f32, T>;
      var<workgroup> dsc : array<f32, T>;
      fn main(index : i32) {
        ${ITEM}
        let j = pos;
        let rowJ = base + j;
        for (var x = tid; x < HS; x += W) {
          ks[x] = qkv[rowJ * C3 + C + h * HS + x];
          vs[x] = qkv[rowJ * C3 + 2 * C + h * HS + x];
        }
        workgroupBarrier();
        let seg = segments[rowJ];
        for (var i = j + tid; i < T; i += W) {
          var p = 0.0;
          var ds = 0.0;
          if (segments[base + i] == seg) {
            let q0 = (base + i) * C3 + h * HS;
            let d0 = (base + i) * C + h * HS;
            var s = 0.0;
            var dp = 0.0;
            for (var x = 0; x < HS; x++) {
              s += qkv[q0 + x] * ks[x];
              dp += dy[d0 + x] * vs[x];
            }
            let st = (bh * T + i) * (HS + 2);
            p = exp(s * scale - rows[st + HS]);
            ds = p * (dp - rows[st + HS + 1]) * scale;
          }
          pc[i] = p;
          dsc[i] = ds;
        }
        workgroupBarrier();
        if (writes) {
          let dq0 = item * (HS + 2);
          for (var x = tid; x < HS; x += W) {
            var dk = 0.0;
            var dv = 0.0;
            for (var i = j; i < T; i++) {
              dv += pc[i] * dy[(base + i) * C + h * HS + x];
              dk += dsc[i] * qkv[(base + i) * C3 + h * HS + x];
            }
            let o = rowJ * C3 + h * HS + x;
            result[o] = rows[dq0 + x];
            result[o + C] = dk;
            result[o + 2 * C] = dv;
          }
        }
      }`,
  });
}

function dimsOf(kernel: string, qkv: tf.TensorInfo, segments: tf.TensorInfo, attrs: Record<string, unknown>) {
  const { B, T, H } = attrs as { B?: unknown; T?: unknown; H?: unknown };
  if (![B, T, H].every((v) => Number.isInteger(v) && (v as number) > 0)) {
    throw new Error(`${kernel}: attrs B, T, H must be positive integers, got ${JSON.stringify(attrs)}`);
  }
  const d = { B: B as number, T: T as number, H: H as number, C: 0, hs: 0 };
  expectShape(kernel, 'qkv', qkv, 2);
  expectDtype(kernel, 'segments', segments, 'int32');
  const [N, C3] = qkv.shape;
  d.C = C3 / 3;
  d.hs = d.C / d.H;
  if (N !== d.B * d.T || !Number.isInteger(d.hs)) {
    throw new Error(`${kernel}: qkv [${qkv.shape}] does not fit B=${d.B}, T=${d.T}, H=${d.H}`);
  }
  if (segments.shape.length !== 1 || segments.shape[0] !== N) {
    throw new Error(`${kernel}: segments must have shape [${N}], got [${segments.shape}]`);
  }
  if (d.T > 1024 || d.hs > 256) {
    throw new Error(
      `${kernel}: the WebGPU kernel supports T ≤ 1024 and head size ≤ 256, got T=${d.T}, hs=${d.hs}`,
    );
  }
  return d;
}

export function registerAttentionKernels(): void {
  registerWebGPUKernel(ATTENTION, (backend, { qkv, segments }, attrs) => {
    const d = dimsOf(ATTENTION, qkv, segments, attrs);
    return run(backend, forwardProgram(d), [qkv, segments]);
  });
  registerWebGPUKernel(ATTENTION_GRAD, (backend, { qkv, segments, dy }, attrs) => {
    const d = dimsOf(ATTENTION_GRAD, qkv, segments, attrs);
    if (dy.shape.join() !== [d.B * d.T, d.C].join()) {
      throw new Error(`${ATTENTION_GRAD}: dy must have shape [${d.B * d.T}, ${d.C}], got [${dy.shape}]`);
    }
    const rows = run(backend, rowGradProgram(d), [qkv, segments, dy]);
    const out = run(backend, columnGradProgram(d), [qkv, segments, dy, rows]);
    backend.disposeData(rows.dataId);
    return out;
  });
}
