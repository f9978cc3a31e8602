// The fused causal attention kernels for the wasm backend: the same contract as attention-math.ts
// (the cpu twin), but each (batch row, head)'s products Q·Kᵀ, P·V and the four of the backward pass
// run as plain 2-D GEMMs on XNNPACK (wasm-gemm.ts) over heap scratch; JavaScript only gathers the
// head's rows, applies the causal/segment mask and softmax, and scatters the results. The full
// T×T products are computed (masked entries are zeroed after), which on XNNPACK is still far
// cheaper than the causal half in scalar JS. The backward pass recomputes the probabilities.
// Layout: qkv [B·T, 3C] rows = [q | k | v]; head h uses channels h·hs … (h+1)·hs of each part.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionDims } from './attention-math';
import { fastExp } from './fast-math';
import { wasmGemm, type WasmGemm } from './wasm-gemm';

/** Scratch regions (element offsets) for one (batch row, head), reused across heads. */
interface Scratch {
  q: number; // [T, hs]
  k: number; // [T, hs]
  kT: number; // [hs, T]
  vT: number; // [hs, T] (forward: v [T, hs])
  dy: number; // [T, hs]
  s: number; // [T, T] scores, then probabilities P
  dp: number; // [T, T] dP, then dS
  t: number; // [T, T] a transposed T×T block
  o1: number; // [T, hs]
  o2: number; // [T, hs]
  o3: number; // [T, hs]
}

function allocScratch(g: WasmGemm, T: number, hs: number): { base: number; s: Scratch } {
  const th = T * hs;
  const tt = T * T;
  const pad = (n: number) => (n + 3) & ~3; // keep every region 16-byte aligned
  const sizes = [th, th, th, th, th, tt, tt, tt, th, th, th].map(pad);
  const base = g.alloc(sizes.reduce((a, b) => a + b, 0));
  const at: number[] = [];
  let o = base;
  for (const n of sizes) {
    at.push(o);
    o += n;
  }
  const [q, k, kT, vT, dy, s, dp, t, o1, o2, o3] = at;
  return { base, s: { q, k, kT, vT, dy, s, dp, t, o1, o2, o3 } };
}

/** Row-wise masked softmax of S [T, T] (at `s`) in place: P_ij = softmax_j≤i, same segment (S_ij·scale). */
function softmaxRows(
  H: Float32Array,
  s: number,
  T: number,
  scale: number,
  seg: Int32Array | null,
  segBase: number,
) {
  for (let i = 0; i < T; i++) {
    const row = s + i * T;
    const si = seg === null ? 0 : seg[segBase + i];
    let max = -Infinity;
    for (let j = 0; j <= i; j++) {
      if (seg !== null && seg[segBase + j] !== si) continue;
      const v = H[row + j] * scale;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let j = 0; j <= i; j++) {
      if (seg !== null && seg[segBase + j] !== si) {
        H[row + j] = 0;
        continue;
      }
      const e = fastExp(H[row + j] * scale - max);
      H[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j <= i; j++) H[row + j] *= inv;
    for (let j = i + 1; j < T; j++) H[row + j] = 0;
  }
}

/** dst [T, T] = srcᵀ. */
function transposeSquare(H: Float32Array, src: number, dst: number, T: number) {
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) H[dst + j * T + i] = H[src + i * T + j];
}

function readSegments(H: Float32Array, backend: BackendWasm, segments: tf.TensorInfo): Int32Array | null {
  const ids = new Int32Array(H.buffer, backend.getMemoryOffset(segments.dataId) as number, segments.shape[0]);
  for (let i = 1; i < ids.length; i++) if (ids[i] !== ids[0]) return Int32Array.from(ids);
  return null; // one segment everywhere: plain causal
}

/** y [B·T, C] (element offset `y`) from qkv on the heap. */
export function attentionForwardWasm(
  backend: BackendWasm,
  qkvInfo: tf.TensorInfo,
  segments: tf.TensorInfo,
  dims: AttentionDims,
  yInfo: tf.TensorInfo,
): void {
  const { B, T, H: heads, C } = dims;
  const hs = C / heads;
  const scale = 1 / Math.sqrt(hs);
  const g = wasmGemm(backend);
  const { base, s: sc } = allocScratch(g, T, hs);
  const qkv = g.offsetOf(backend, qkvInfo.dataId);
  const y = g.offsetOf(backend, yInfo.dataId);
  const seg = readSegments(g.heap(), backend, segments);
  try {
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < heads; h++) {
        let H = g.heap();
        for (let t = 0; t < T; t++) {
          const row = qkv + (b * T + t) * 3 * C + h * hs;
          for (let d = 0; d < hs; d++) {
            H[sc.q + t * hs + d] = H[row + d];
            H[sc.kT + d * T + t] = H[row + C + d];
            H[sc.vT + t * hs + d] = H[row + 2 * C + d]; // v [T, hs]
          }
        }
        g.gemm(sc.q, T, hs, sc.kT, T, sc.s); // S = Q·Kᵀ  [T, T]
        H = g.heap();
        softmaxRows(H, sc.s, T, scale, seg, b * T);
        g.gemm(sc.s, T, T, sc.vT, hs, sc.o1); // Y = P·V  [T, hs]
        H = g.heap();
        for (let t = 0; t < T; t++) {
          const dst = y + (b * T + t) * C + h * hs;
          const src = sc.o1 + t * hs;
          for (let d = 0; d < hs; d++) H[dst + d] = H[src + d];
        }
      }
    }
  } finally {
    g.free(base);
  }
}

/** dqkv [B·T, 3C] from dy [B·T, C], recomputing the probabilities. */
export function attentionBackwardWasm(
  backend: BackendWasm,
  qkvInfo: tf.TensorInfo,
  segments: tf.TensorInfo,
  dyInfo: tf.TensorInfo,
  dims: AttentionDims,
  dqkvInfo: tf.TensorInfo,
): void {
  const { B, T, H: heads, C } = dims;
  const hs = C / heads;
  const scale = 1 / Math.sqrt(hs);
  const g = wasmGemm(backend);
  const { base, s: sc } = allocScratch(g, T, hs);
  const qkv = g.offsetOf(backend, qkvInfo.dataId);
  const dyAt = g.offsetOf(backend, dyInfo.dataId);
  const dqkv = g.offsetOf(backend, dqkvInfo.dataId);
  const seg = readSegments(g.heap(), backend, segments);
  try {
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < heads; h++) {
        let H = g.heap();
        for (let t = 0; t < T; t++) {
          const row = qkv + (b * T + t) * 3 * C + h * hs;
          const drow = dyAt + (b * T + t) * C + h * hs;
          for (let d = 0; d < hs; d++) {
            const kv = H[row + C + d];
            H[sc.q + t * hs + d] = H[row + d];
            H[sc.k + t * hs + d] = kv;
            H[sc.kT + d * T + t] = kv;
            H[sc.vT + d * T + t] = H[row + 2 * C + d];
            H[sc.dy + t * hs + d] = H[drow + d];
          }
        }
        g.gemm(sc.q, T, hs, sc.kT, T, sc.s); // S = Q·Kᵀ
        H = g.heap();
        softmaxRows(H, sc.s, T, scale, seg, b * T); // P
        g.gemm(sc.dy, T, hs, sc.vT, T, sc.dp); // dP = dY·Vᵀ  [T, T]
        H = g.heap();
        transposeSquare(H, sc.s, sc.t, T);
        g.gemm(sc.t, T, T, sc.dy, hs, sc.o3); // dV = Pᵀ·dY  [T, hs]
        H = g.heap();
        // dS = scale·P⊙(dP − Σ_j P⊙dP), in place of dP (zero where P is zero).
        for (let i = 0; i < T; i++) {
          const p = sc.s + i * T;
          const dp = sc.dp + i * T;
          let dot = 0;
          for (let j = 0; j <= i; j++) dot += H[p + j] * H[dp + j];
          for (let j = 0; j <= i; j++) H[dp + j] = scale * H[p + j] * (H[dp + j] - dot);
          for (let j = i + 1; j < T; j++) H[dp + j] = 0;
        }
        g.gemm(sc.dp, T, T, sc.k, hs, sc.o1); // dQ = dS·K  [T, hs]
        H = g.heap();
        transposeSquare(H, sc.dp, sc.t, T);
        g.gemm(sc.t, T, T, sc.q, hs, sc.o2); // dK = dSᵀ·Q  [T, hs]
        H = g.heap();
        for (let t = 0; t < T; t++) {
          const row = dqkv + (b * T + t) * 3 * C + h * hs;
          const src = t * hs;
          for (let d = 0; d < hs; d++) {
            H[row + d] = H[sc.o1 + src + d];
            H[row + C + d] = H[sc.o2 + src + d];
            H[row + 2 * C + d] = H[sc.o3 + src + d];
          }
        }
      }
    }
  } finally {
    g.free(base);
  }
}
