// Causal multi-head attention on WebGPU with the contracts of names.ts (ATTENTION,
// ATTENTION_GRAD): qkv [N, 3C] packed rows [q | k | v], segments [N] int32; position i attends to
// j ≤ i of its own segment, scores scaled by 1/√hs. T ≤ 1024, hs ≤ 256.
// One workgroup per (sequence, head, block of R consecutive positions), R = 4 where workgroup memory
// allows (2 or 1 for long T): the R rows' scores live in workgroup memory as vec<R> per key, so
// every k and v row read from memory serves R rows, and one tree reduction serves all R. Workgroup
// arrays are sized by buckets of T (64, 256, 1024) and hs (16, 64, 256), and T, H come in as
// uniforms, so shapes in one bucket share compiled pipelines.
// Forward: scores → max → exp → Σ, then y = p·V with one thread per channel of the head.
// Backward recomputes the probabilities (no [B, H, T, T] tensor is stored) in two programs:
//  1. per query row i: p_ij, dP_ij = dy_i·v_j, D_i = Σ_j p_ij·dP_ij, dS_ij = p_ij·(dP_ij − D_i)·scale,
//     dq_i = Σ_j dS_ij·k_j; writes [B·H·T, hs + 2] = (dq_i, logsumexp_i, D_i), rows in (b, h, i) order;
//  2. per key row j (R keys per workgroup): p_ij = exp(s_ij − lse_i) for i ≥ j, dv_j = Σ_i p_ij·dy_i,
//     dk_j = Σ_i dS_ij·q_i; assembles dqkv [N, 3C] (dq copied from program 1).
// No atomics: deterministic.
import type * as tf from '@tensorflow/tfjs-core';
import { ATTENTION, ATTENTION_GRAD } from '../names';
import {
  expectDtype,
  expectShape,
  i32u,
  NEG_BIG,
  program,
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
const WORKGROUP_BYTES = 16000; // under the portable 16 KB, with room for small variables

const bucket = (n: number, sizes: number[]) => sizes.find((b) => n <= b) ?? n;
const tBucket = (T: number) => bucket(T, [64, 256, 1024]);
const hsBucket = (hs: number) => bucket(hs, [16, 64, 256]);

/** Rows (or keys) per workgroup: 4, 2 or 1, the most whose [T] and [hs] vectors fit in memory. */
export function rowsPerGroup(T: number, hs: number): 1 | 2 | 4 {
  const [TB, HB] = [tBucket(T), hsBucket(hs)];
  for (const R of [4, 2] as const) if ((2 * TB + 2 * HB + W) * 4 * R <= WORKGROUP_BYTES) return R;
  return 1;
}

/** Compile-time sizes and the pipeline-key suffix of a shape. */
function layout(d: Dims) {
  const R = rowsPerGroup(d.T, d.hs);
  return { R, TB: tBucket(d.T), HB: hsBucket(d.hs), key: `${tBucket(d.T)}_${hsBucket(d.hs)}_${R}` };
}

/** WGSL pieces that depend on R: the vector types and component access. */
function vectors(R: number) {
  const comp = (e: string, r: number) => (R === 1 ? e : `${e}[${r}]`);
  const vec = (part: (r: number) => string) =>
    `VR(${Array.from({ length: R }, (_, r) => part(r)).join(', ')})`;
  const ivec = (part: (r: number) => string) =>
    `VI(${Array.from({ length: R }, (_, r) => part(r)).join(', ')})`;
  const types =
    R === 1 ? 'alias VR = f32;\nalias VI = i32;' : `alias VR = vec${R}<f32>;\nalias VI = vec${R}<i32>;`;
  return { comp, vec, ivec, types };
}

function header(d: Dims): string {
  const { R, TB, HB } = layout(d);
  return /* wgsl */ `
    const TB = ${TB};
    const HB = ${HB};
    const W = ${W};
    const R = ${R};
    ${vectors(R).types}
    ${WG_INDEX}
    var<workgroup> red : array<VR, W>;
    fn reduceSumV(v : VR, tid : i32) -> VR {
      red[tid] = v;
      workgroupBarrier();
      for (var s = W / 2; s > 0; s = s >> 1) {
        if (tid < s) { red[tid] = red[tid] + red[tid + s]; }
        workgroupBarrier();
      }
      let r = red[0];
      workgroupBarrier();
      return r;
    }
    fn reduceMaxV(v : VR, tid : i32) -> VR {
      red[tid] = v;
      workgroupBarrier();
      for (var s = W / 2; s > 0; s = s >> 1) {
        if (tid < s) { red[tid] = max(red[tid], red[tid + s]); }
        workgroupBarrier();
      }
      let r = red[0];
      workgroupBarrier();
      return r;
    }
  `;
}

/**
 * Decode wgIndex() → (b, h, first position p0 of the block); all threads share these. `at(r)` is
 * position p0 + r clamped into the sequence (blocks past the end repeat the last position and
 * write nothing), `idx` the unclamped positions as a vector.
 */
function item(R: number): string {
  const { ivec } = vectors(R);
  return /* wgsl */ `
    let N = uniforms.qkvShape[0];
    let C3 = uniforms.qkvShape[1];
    let C = C3 / 3;
    let T = uniforms.T;
    let H = uniforms.H;
    let HS = C / H;
    let blocks = (T + R - 1) / R;
    let items = (N / T) * H * blocks;
    let item = min(wgIndex(), items - 1);
    let live = wgIndex() < items;
    let p0 = (item % blocks) * R;
    let bh = item / blocks;
    let h = bh % H;
    let base = (bh / H) * T;
    let tid = i32(localId.x);
    let scale = inverseSqrt(f32(HS));
    let idx = ${ivec((r) => `p0 + ${r}`)};
  `;
}

const at = (r: number) => `min(p0 + ${r}, T - 1)`;

/** The program description shared by the three attention programs. */
function attentionProgram(name: string, d: Dims, inputs: string[], outputShape: number[], code: string) {
  return program({
    key: `${name}_${layout(d).key}`,
    inputs,
    outputShape,
    workgroups: d.B * d.H * Math.ceil(d.T / layout(d).R),
    workgroupSize: W,
    uniforms: 'T : i32, H : i32, ',
    code: `${header(d)}\n${code}`,
  });
}

/** Writes `stmt(r)` for every position of the block inside the sequence. */
function perRow(R: number, stmt: (r: number) => string): string {
  return Array.from({ length: R }, (_, r) => `if (live && p0 + ${r} < T) { ${stmt(r)} }`).join('\n');
}

/** Scores of the block's rows against keys j ≤ last row, softmax numerators in ps, returns (M, S). */
function scoresSnippet(R: number): string {
  const { vec, ivec } = vectors(R);
  return /* wgsl */ `
    for (var x = tid; x < HS; x += W) { qs[x] = ${vec((r) => `qkv[(base + ${at(r)}) * C3 + h * HS + x]`)}; }
    workgroupBarrier();
    let seg = ${ivec((r) => `segments[base + ${at(r)}]`)};
    let last = ${at(R - 1)};
    var mx = VR(${NEG_BIG});
    for (var j = tid; j <= last; j += W) {
      let k0 = (base + j) * C3 + C + h * HS;
      var acc = VR(0.0);
      for (var x = 0; x < HS; x++) { acc += qs[x] * qkv[k0 + x]; }
      let allowed = (VI(segments[base + j]) == seg) & (VI(j) <= idx);
      let s = select(VR(${NEG_BIG}), acc * scale, allowed);
      ps[j] = s;
      mx = max(mx, s);
    }
    let M = reduceMaxV(mx, tid);
    var sum = VR(0.0);
    for (var j = tid; j <= last; j += W) {
      let e = exp(ps[j] - M);
      ps[j] = e;
      sum += e;
    }
    let S = reduceSumV(sum, tid);
  `;
}

function forwardProgram(d: Dims) {
  const { R } = layout(d);
  const { comp } = vectors(R);
  return attentionProgram(
    'cmAttention',
    d,
    ['qkv', 'segments'],
    [d.B * d.T, d.C],
    /* wgsl */ `
      var<workgroup> qs : array<VR, HB>;
      var<workgroup> ps : array<VR, TB>;
      fn main(index : i32) {
        ${item(R)}
        ${scoresSnippet(R)}
        let inv = VR(1.0) / S;
        for (var x = tid; x < HS; x += W) {
          let v0 = base * C3 + 2 * C + h * HS + x;
          var acc = VR(0.0);
          for (var j = 0; j <= last; j++) { acc += ps[j] * qkv[v0 + j * C3]; }
          let y = acc * inv;
          ${perRow(R, (r) => `result[(base + p0 + ${r}) * C + h * HS + x] = ${comp('y', r)};`)}
        }
      }`,
  );
}

/** Program 1 of the backward pass: per (sequence, head, query row), [B·H·T, hs + 2] = (dq, lse, D). */
function rowGradProgram(d: Dims) {
  const { R } = layout(d);
  const { comp, vec } = vectors(R);
  return attentionProgram(
    'cmAttentionGradRows',
    d,
    ['qkv', 'segments', 'dy'],
    [d.B * d.T * d.H, d.hs + 2],
    /* wgsl */ `
      var<workgroup> qs : array<VR, HB>;
      var<workgroup> dys : array<VR, HB>;
      var<workgroup> ps : array<VR, TB>;
      var<workgroup> dps : array<VR, TB>;
      fn main(index : i32) {
        ${item(R)}
        for (var x = tid; x < HS; x += W) { dys[x] = ${vec((r) => `dy[(base + ${at(r)}) * C + h * HS + x]`)}; }
        ${scoresSnippet(R)}
        let inv = VR(1.0) / S;
        var dpart = VR(0.0);
        for (var j = tid; j <= last; j += W) {
          let p = ps[j] * inv;
          var dp = VR(0.0);
          if (any(p != VR(0.0))) {
            let v0 = (base + j) * C3 + 2 * C + h * HS;
            for (var x = 0; x < HS; x++) { dp += dys[x] * qkv[v0 + x]; }
          }
          ps[j] = p;
          dps[j] = dp;
          dpart += p * dp;
        }
        let D = reduceSumV(dpart, tid);
        for (var j = tid; j <= last; j += W) { ps[j] = ps[j] * (dps[j] - D) * scale; }
        workgroupBarrier();
        let lse = M + log(S);
        for (var x = tid; x < HS; x += W) {
          let k0 = base * C3 + C + h * HS + x;
          var acc = VR(0.0);
          for (var j = 0; j <= last; j++) { acc += ps[j] * qkv[k0 + j * C3]; }
          ${perRow(R, (r) => `result[(bh * T + p0 + ${r}) * (HS + 2) + x] = ${comp('acc', r)};`)}
        }
        if (tid == 0) {
          ${perRow(
            R,
            (r) => `result[(bh * T + p0 + ${r}) * (HS + 2) + HS] = ${comp('lse', r)};
                    result[(bh * T + p0 + ${r}) * (HS + 2) + HS + 1] = ${comp('D', r)};`,
          )}
        }
      }`,
  );
}

/** Program 2 of the backward pass: per block of R key rows, dk and dv; writes dqkv [N, 3C]. */
function columnGradProgram(d: Dims) {
  const { R } = layout(d);
  const { comp, vec, ivec } = vectors(R);
  return attentionProgram(
    'cmAttentionGradCols',
    d,
    ['qkv', 'segments', 'dy', 'rows'],
    [d.B * d.T, 3 * d.C],
    /* wgsl */ `
      var<workgroup> ks : array<VR, HB>;
      var<workgroup> vs : array<VR, HB>;
      var<workgroup> pc : array<VR, TB>;
      var<workgroup> dsc : array<VR, TB>;
      fn main(index : i32) {
        ${item(R)}
        for (var x = tid; x < HS; x += W) {
          ks[x] = ${vec((r) => `qkv[(base + ${at(r)}) * C3 + C + h * HS + x]`)};
          vs[x] = ${vec((r) => `qkv[(base + ${at(r)}) * C3 + 2 * C + h * HS + x]`)};
        }
        workgroupBarrier();
        let seg = ${ivec((r) => `segments[base + ${at(r)}]`)};
        for (var i = p0 + tid; i < T; i += W) {
          let q0 = (base + i) * C3 + h * HS;
          let d0 = (base + i) * C + h * HS;
          var s = VR(0.0);
          var dp = VR(0.0);
          for (var x = 0; x < HS; x++) {
            s += qkv[q0 + x] * ks[x];
            dp += dy[d0 + x] * vs[x];
          }
          let st = (bh * T + i) * (HS + 2);
          let allowed = (VI(segments[base + i]) == seg) & (VI(i) >= idx);
          let p = select(VR(0.0), exp(s * scale - rows[st + HS]), allowed);
          pc[i] = p;
          dsc[i] = p * (dp - rows[st + HS + 1]) * scale;
        }
        workgroupBarrier();
        for (var x = tid; x < HS; x += W) {
          var dk = VR(0.0);
          var dv = VR(0.0);
          for (var i = p0; i < T; i++) {
            dv += pc[i] * dy[(base + i) * C + h * HS + x];
            dk += dsc[i] * qkv[(base + i) * C3 + h * HS + x];
          }
          ${perRow(
            R,
            (r) => `let o${r} = (base + p0 + ${r}) * C3 + h * HS + x;
                    result[o${r}] = rows[(bh * T + p0 + ${r}) * (HS + 2) + x];
                    result[o${r} + C] = ${comp('dk', r)};
                    result[o${r} + 2 * C] = ${comp('dv', r)};`,
          )}
        }
      }`,
  );
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

const shapeUniforms = (d: Dims) => [i32u(d.T), i32u(d.H)];

export function registerAttentionKernels(): void {
  registerWebGPUKernel(ATTENTION, (backend, { qkv, segments }, attrs) => {
    const d = dimsOf(ATTENTION, qkv, segments, attrs);
    return run(backend, forwardProgram(d), [qkv, segments], shapeUniforms(d));
  });
  registerWebGPUKernel(ATTENTION_GRAD, (backend, { qkv, segments, dy }, attrs) => {
    const d = dimsOf(ATTENTION_GRAD, qkv, segments, attrs);
    if (dy.shape.join() !== [d.B * d.T, d.C].join()) {
      throw new Error(`${ATTENTION_GRAD}: dy must have shape [${d.B * d.T}, ${d.C}], got [${dy.shape}]`);
    }
    const rows = run(backend, rowGradProgram(d), [qkv, segments, dy], shapeUniforms(d));
    const out = run(backend, columnGradProgram(d), [qkv, segments, dy, rows], shapeUniforms(d));
    backend.disposeData(rows.dataId);
    return out;
  });
}
