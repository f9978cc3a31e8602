// The fused causal attention kernels for the wasm backend: the same contract as attention-math.ts
// (the cpu twin), but every product runs as a plain 2-D GEMM on XNNPACK (wasm-gemm.ts) over heap
// scratch, and the softmax of a batch row's score blocks (all heads at once) is XNNPACK's (SIMD exp).
// JavaScript only gathers each head's rows (transposed where a product needs it), writes the mask
// and the softmax backward's elementwise step, and scatters the results. Full T×T products are
// computed and masked entries set to −1e30 before the softmax (so their probability is 0): on
// XNNPACK that is still far cheaper than the causal half in scalar JS. The forward pass keeps a
// JS copy of the probabilities keyed by the qkv tensor's data (immutable; the tape's saved clone
// shares it), which the backward pass takes instead of recomputing them; without it (another
// caller, after a backward, or above KEEP_LIMIT) the backward recomputes. Scratch on the heap is
// per batch row, O(H·T²).
// Layout: qkv [B·T, 3C] rows = [q | k | v]; head h uses channels h·hs … (h+1)·hs of each part.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionDims } from './attention-math';
import { transpose2d } from './wasm-fast-paths';
import { wasmGemm, type WasmGemm } from './wasm-gemm';

const MASKED = -1e30;

/** The largest probability tensor (floats; 4 MB) a forward pass keeps for its backward. */
const KEEP_LIMIT = 1 << 20;

/** Probabilities [B·H·T, T] of a forward pass, by the qkv data they came from (see header). */
const saved = new WeakMap<object, { segments: object; dims: AttentionDims; p: Float32Array }>();

/** Consecutive scratch regions (element offsets, 16-byte aligned) carved from one allocation. */
function carve(g: WasmGemm, sizes: number[]): { base: number; at: number[] } {
  const padded = sizes.map((n) => (n + 3) & ~3);
  const base = g.alloc(padded.reduce((a, b) => a + b, 0));
  const at: number[] = [];
  let o = base;
  for (const n of padded) {
    at.push(o);
    o += n;
  }
  return { base, at };
}

/** dst [T, hs] = the hs values at src + t·stride for each t, times `scale`. */
function gatherRows(
  H: Float32Array,
  src: number,
  stride: number,
  dst: number,
  T: number,
  hs: number,
  scale = 1,
) {
  for (let t = 0; t < T; t++) {
    const from = src + t * stride;
    const to = dst + t * hs;
    for (let d = 0; d < hs; d++) H[to + d] = H[from + d] * scale;
  }
}

/** dst [hs, T] = the same rows transposed, eight rows a pass (adjacent writes). */
function gatherRowsT(H: Float32Array, src: number, stride: number, dst: number, T: number, hs: number) {
  let t = 0;
  for (; t + 7 < T; t += 8) {
    const from = src + t * stride;
    for (let d = 0; d < hs; d++) {
      const o = dst + d * T + t;
      const f = from + d;
      H[o] = H[f];
      H[o + 1] = H[f + stride];
      H[o + 2] = H[f + 2 * stride];
      H[o + 3] = H[f + 3 * stride];
      H[o + 4] = H[f + 4 * stride];
      H[o + 5] = H[f + 5 * stride];
      H[o + 6] = H[f + 6 * stride];
      H[o + 7] = H[f + 7 * stride];
    }
  }
  for (; t < T; t++) for (let d = 0; d < hs; d++) H[dst + d * T + t] = H[src + t * stride + d];
}

/** The hs values at dst + t·stride = row t of src [T, hs]. */
function scatterRows(H: Float32Array, src: number, dst: number, stride: number, T: number, hs: number) {
  for (let t = 0; t < T; t++) {
    const from = src + t * hs;
    const to = dst + t * stride;
    for (let d = 0; d < hs; d++) H[to + d] = H[from + d];
  }
}

function readSegments(backend: BackendWasm, g: WasmGemm, segments: tf.TensorInfo): Int32Array | null {
  const H = g.heap();
  const ids = new Int32Array(H.buffer, backend.getMemoryOffset(segments.dataId) as number, segments.shape[0]);
  for (let i = 1; i < ids.length; i++) if (ids[i] !== ids[0]) return Int32Array.from(ids);
  return null; // one segment everywhere: plain causal
}

/**
 * Probabilities of batch row b, all heads, into `p` [H·T, T] (head h at h·T·T): scores
 * (q·scale)·kᵀ by GEMM into `s`, masked (j > i, or another segment), then one softmax.
 * Uses q [T, hs] and kT [hs, T] scratch.
 */
function probabilities(
  g: WasmGemm,
  qkv: number,
  seg: Int32Array | null,
  dims: AttentionDims,
  b: number,
  scratch: { q: number; kT: number; s: number; p: number },
): void {
  const { T, H: heads, C } = dims;
  const hs = C / heads;
  const scale = 1 / Math.sqrt(hs);
  const { q, kT, s, p } = scratch;
  for (let h = 0; h < heads; h++) {
    let H = g.heap();
    const rows = qkv + b * T * 3 * C + h * hs; // q of (b, 0, h); k at + C
    gatherRows(H, rows, 3 * C, q, T, hs, scale);
    gatherRowsT(H, rows + C, 3 * C, kT, T, hs);
    const block = s + h * T * T;
    g.gemm(q, T, hs, kT, T, block); // S = (q·scale)·kᵀ  [T, T]
    H = g.heap();
    for (let i = 0; i < T; i++) {
      const row = block + i * T;
      for (let j = i + 1; j < T; j++) H[row + j] = MASKED;
      if (seg !== null) {
        const si = seg[b * T + i];
        for (let j = 0; j <= i; j++) if (seg[b * T + j] !== si) H[row + j] = MASKED;
      }
    }
  }
  g.softmax(s, heads * T, T, p);
}

/** y [B·T, C] from qkv [B·T, 3C], both tensors on the heap. */
export function attentionForwardWasm(
  backend: BackendWasm,
  qkvInfo: tf.TensorInfo,
  segments: tf.TensorInfo,
  dims: AttentionDims,
  yInfo: tf.TensorInfo,
): void {
  const { B, T, H: heads, C } = dims;
  const hs = C / heads;
  const g = wasmGemm(backend);
  const row = heads * T * T; // one batch row's probabilities
  const {
    base,
    at: [q, kT, v, o, s, p],
  } = carve(g, [T * hs, hs * T, T * hs, T * hs, row, row]);
  const qkv = g.offsetOf(backend, qkvInfo.dataId);
  const y = g.offsetOf(backend, yInfo.dataId);
  const seg = readSegments(backend, g, segments);
  const keep = B * row <= KEEP_LIMIT ? new Float32Array(B * row) : null;
  try {
    for (let b = 0; b < B; b++) {
      probabilities(g, qkv, seg, dims, b, { q, kT, s, p });
      if (keep) keep.set(g.heap().subarray(p, p + row), b * row);
      for (let h = 0; h < heads; h++) {
        gatherRows(g.heap(), qkv + b * T * 3 * C + 2 * C + h * hs, 3 * C, v, T, hs);
        g.gemm(p + h * T * T, T, T, v, hs, o); // Y = P·V  [T, hs]
        scatterRows(g.heap(), o, y + b * T * C + h * hs, C, T, hs);
      }
    }
    if (keep) saved.set(qkvInfo.dataId, { segments: segments.dataId, dims, p: keep });
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
  const row = heads * T * T; // one batch row's probabilities
  const th = T * hs;
  const {
    base,
    at: [q, kT, k, qh, vT, dy, dp, tT, dq, dk, dv, s, p],
  } = carve(g, [th, th, th, th, th, th, T * T, T * T, th, th, th, row, row]);
  const qkv = g.offsetOf(backend, qkvInfo.dataId);
  const dyAt = g.offsetOf(backend, dyInfo.dataId);
  const dqkv = g.offsetOf(backend, dqkvInfo.dataId);
  try {
    const kept = saved.get(qkvInfo.dataId);
    saved.delete(qkvInfo.dataId);
    const d = kept?.dims;
    const reuse =
      kept && kept.segments === segments.dataId && d!.B === B && d!.T === T && d!.H === heads && d!.C === C;
    const seg = reuse ? null : readSegments(backend, g, segments);
    for (let b = 0; b < B; b++) {
      if (reuse) g.heap().set(kept.p.subarray(b * row, (b + 1) * row), p);
      else probabilities(g, qkv, seg, dims, b, { q, kT, s, p });
      for (let h = 0; h < heads; h++) {
        let H = g.heap();
        const rows = qkv + b * T * 3 * C + h * hs; // q of (b, 0, h); k at + C, v at + 2C
        const drows = dyAt + b * T * C + h * hs;
        gatherRows(H, rows + C, 3 * C, k, T, hs);
        gatherRows(H, rows, 3 * C, qh, T, hs);
        gatherRowsT(H, rows + 2 * C, 3 * C, vT, T, hs);
        gatherRows(H, drows, C, dy, T, hs);
        const P = p + h * T * T;
        g.gemm(dy, T, hs, vT, T, dp); // dP = dY·Vᵀ  [T, T]
        // The T×T factors go in transposed on the left: a GEMM with [T, hs] on the right packs
        // half as much and runs ~1.5× faster than dYᵀ·P (measured, T = 64, hs = 32).
        transpose2d(g.heap(), P, tT, T, T);
        g.gemm(tT, T, T, dy, hs, dv); // dV = Pᵀ·dY  [T, hs]
        H = g.heap();
        // dS = scale·P⊙(dP − Σ_j P⊙dP), in place of dP; zero where P is (masked entries).
        for (let i = 0; i < T; i++) {
          const pi = P + i * T;
          const di = dp + i * T;
          let dot = 0;
          for (let j = 0; j <= i; j++) dot += H[pi + j] * H[di + j];
          for (let j = 0; j <= i; j++) H[di + j] = scale * H[pi + j] * (H[di + j] - dot);
          for (let j = i + 1; j < T; j++) H[di + j] = 0;
        }
        g.gemm(dp, T, T, k, hs, dq); // dQ = dS·K  [T, hs]
        transpose2d(g.heap(), dp, tT, T, T);
        g.gemm(tT, T, T, qh, hs, dk); // dK = dSᵀ·Q  [T, hs]
        H = g.heap();
        const out = dqkv + b * T * 3 * C + h * hs;
        scatterRows(H, dq, out, 3 * C, T, hs);
        scatterRows(H, dk, out + C, 3 * C, T, hs);
        scatterRows(H, dv, out + 2 * C, 3 * C, T, hs);
      }
    }
  } finally {
    g.free(base);
  }
}
