// Causal multi-head attention, forward and backward, as plain loops over Float32Arrays: the
// arithmetic behind the fused attention kernels of the cpu backend (wasm: attention-wasm.ts). Working on the
// packed qkv rows avoids tfjs's batched matmuls (a scalar loop on wasm, TECH.md §1.7), the head
// transposes, the mask and the separate softmax. The backward pass recomputes the attention
// probabilities instead of storing them (as FlashAttention does), so each kernel has one output.
// Causal positions j ≤ i only; with `segments`, also only j in the same segment as i (documents
// packed in one row do not attend to each other).
// Layout: qkv [B·T, 3C] rows = [q | k | v]; head h uses channels h·hs … (h+1)·hs of each part.
// Each (batch row, head) is first copied into contiguous [T, hs] scratch arrays, so the inner
// loops run over adjacent memory.
import { fastExp } from './fast-math';

export interface AttentionDims {
  B: number;
  T: number;
  H: number;
  C: number;
}

/** Scratch for one (batch row, head): its q, k, v as contiguous [T, hs] blocks. */
class HeadScratch {
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  readonly p: Float32Array; // one softmax row [T]

  constructor(T: number, hs: number) {
    this.q = new Float32Array(T * hs);
    this.k = new Float32Array(T * hs);
    this.v = new Float32Array(T * hs);
    this.p = new Float32Array(T);
  }

  load(qkv: Float32Array, b: number, h: number, dims: AttentionDims, hs: number): void {
    const { T, C } = dims;
    for (let t = 0; t < T; t++) {
      const row = (b * T + t) * 3 * C + h * hs;
      const at = t * hs;
      for (let d = 0; d < hs; d++) {
        this.q[at + d] = qkv[row + d];
        this.k[at + d] = qkv[row + C + d];
        this.v[at + d] = qkv[row + 2 * C + d];
      }
    }
  }

  /** p[0..i] = softmax over allowed j ≤ i of q_i·k_j·scale; returns nothing (p holds the row). */
  softmaxRow(i: number, hs: number, scale: number, segments: Int32Array | null, segBase: number): void {
    const { q, k, p } = this;
    const qi = i * hs;
    const seg = segments ? segments[segBase + i] : 0;
    let max = -Infinity;
    for (let j = 0; j <= i; j++) {
      if (segments !== null && segments[segBase + j] !== seg) {
        p[j] = -Infinity;
        continue;
      }
      const kj = j * hs;
      let s = 0;
      for (let d = 0; d < hs; d++) s += q[qi + d] * k[kj + d];
      s *= scale;
      p[j] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let j = 0; j <= i; j++) {
      const e = p[j] === -Infinity ? 0 : fastExp(p[j] - max);
      p[j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j <= i; j++) p[j] *= inv;
  }
}

/** y [B·T, C] = softmax(q·kᵀ/√hs + mask)·v, per batch row and head. */
export function attentionForward(
  qkv: Float32Array,
  segments: Int32Array | null,
  dims: AttentionDims,
  y: Float32Array,
): void {
  const { B, T, H, C } = dims;
  const hs = C / H;
  const scale = 1 / Math.sqrt(hs);
  const s = new HeadScratch(T, hs);
  const out = new Float32Array(hs);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      s.load(qkv, b, h, dims, hs);
      for (let i = 0; i < T; i++) {
        s.softmaxRow(i, hs, scale, segments, b * T);
        out.fill(0);
        for (let j = 0; j <= i; j++) {
          const w = s.p[j];
          if (w === 0) continue;
          const vj = j * hs;
          for (let d = 0; d < hs; d++) out[d] += w * s.v[vj + d];
        }
        y.set(out, (b * T + i) * C + h * hs);
      }
    }
  }
}

/** dqkv [B·T, 3C] from the upstream gradient dy [B·T, C], recomputing the probabilities. */
export function attentionBackward(
  qkv: Float32Array,
  segments: Int32Array | null,
  dy: Float32Array,
  dims: AttentionDims,
  dqkv: Float32Array,
): void {
  const { B, T, H, C } = dims;
  const hs = C / H;
  const scale = 1 / Math.sqrt(hs);
  const s = new HeadScratch(T, hs);
  const dq = new Float32Array(T * hs);
  const dk = new Float32Array(T * hs);
  const dv = new Float32Array(T * hs);
  const dyi = new Float32Array(hs);
  const dp = new Float32Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      s.load(qkv, b, h, dims, hs);
      dq.fill(0);
      dk.fill(0);
      dv.fill(0);
      for (let i = 0; i < T; i++) {
        s.softmaxRow(i, hs, scale, segments, b * T);
        const p = s.p;
        dyi.set(dy.subarray((b * T + i) * C + h * hs, (b * T + i) * C + (h + 1) * hs));
        // dP_ij = dy_i·v_j; dV_j += p_ij·dy_i; dot = Σ_j p_ij·dP_ij.
        let dot = 0;
        for (let j = 0; j <= i; j++) {
          const pj = p[j];
          if (pj === 0) {
            dp[j] = 0;
            continue;
          }
          const vj = j * hs;
          let acc = 0;
          for (let d = 0; d < hs; d++) {
            acc += dyi[d] * s.v[vj + d];
            dv[vj + d] += pj * dyi[d];
          }
          dp[j] = acc;
          dot += pj * acc;
        }
        // dS_ij = p_ij·(dP_ij − dot)·scale; dQ_i += Σ_j dS_ij·k_j; dK_j += dS_ij·q_i.
        const qi = i * hs;
        for (let j = 0; j <= i; j++) {
          const pj = p[j];
          if (pj === 0) continue;
          const ds = pj * (dp[j] - dot) * scale;
          const kj = j * hs;
          for (let d = 0; d < hs; d++) {
            dq[qi + d] += ds * s.k[kj + d];
            dk[kj + d] += ds * s.q[qi + d];
          }
        }
      }
      for (let t = 0; t < T; t++) {
        const row = (b * T + t) * 3 * C + h * hs;
        const at = t * hs;
        for (let d = 0; d < hs; d++) {
          dqkv[row + d] = dq[at + d];
          dqkv[row + C + d] = dk[at + d];
          dqkv[row + 2 * C + d] = dv[at + d];
        }
      }
    }
  }
}
