// AdamW with decoupled weight decay on 2-D weights only, after clipping all gradients by their
// global norm — the update of torch.optim.AdamW + torch.nn.utils.clip_grad_norm_, which tfjs lacks.
// Everything stays on the device: the norm and the clip factor are tensors, never read back here.
// All moments live in one [2, P] variable (row 0 = m, row 1 = v; parameter i at the offset of the
// sizes before it). Where the backend has the fused kernels (names.ts: SUM_SQUARES,
// ADAMW_MOMENTS_ALL, ADAMW_PARAM) a step is 2 + 1 per parameter kernels, or 3 with ADAMW_PARAMS_ALL
// (webgpu, cpu); elsewhere composite ops compute the same update.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArrays } from '../model/gpt';
import { hasKernel } from '../model/kernels/js-kernel';
import { ADAMW_MOMENTS_ALL, ADAMW_PARAM, ADAMW_PARAMS_ALL, SUM_SQUARES } from '../model/kernels/names';

export interface AdamWHyper {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Maximum global gradient norm; 0 disables clipping. */
  clip: number;
}

export const DEFAULT_ADAMW: AdamWHyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clip: 1.0 };

export interface AdamWState {
  step: number;
  m: NamedArrays;
  v: NamedArrays;
}

export class AdamW {
  readonly hyper: AdamWHyper;
  /** Number of updates applied so far (torch's `state['step']`). */
  step = 0;
  private readonly params: Map<string, tf.Variable>;
  /** Every parameter's moments: [2, P], row 0 = m, row 1 = v. */
  private readonly mv: tf.Variable;
  /** Where each parameter's moments start in a row of `mv`. */
  private readonly offsets = new Map<string, number>();

  constructor(params: Map<string, tf.Variable>, hyper: AdamWHyper = DEFAULT_ADAMW) {
    this.params = params;
    this.hyper = hyper;
    let P = 0;
    for (const [name, p] of params) {
      this.offsets.set(name, P);
      P += p.size;
    }
    this.mv = tf.tidy(() => tf.variable(tf.zeros([2, P]), false)); // tidy: the zeros are not kept twice
  }

  /**
   * Clip `grads` to the global norm, then apply one AdamW step at learning rate `lr`.
   * Returns the pre-clip global norm (a scalar the caller disposes); `grads` are not disposed.
   */
  apply(grads: Record<string, tf.Tensor>, lr: number): tf.Scalar {
    const { beta1, beta2, eps, weightDecay, clip } = this.hyper;
    this.step += 1;
    const bc1 = 1 - beta1 ** this.step;
    const bc2 = 1 - beta2 ** this.step;
    const fused = hasKernel(SUM_SQUARES) && hasKernel(ADAMW_MOMENTS_ALL) && hasKernel(ADAMW_PARAM);
    return tf.tidy(() => {
      const list = [...this.params.keys()].map((name) => {
        const g = grads[name];
        if (!g) throw new Error(`no gradient for parameter "${name}"`);
        return g;
      });
      const sumSq = fused
        ? (tf
            .engine()
            .runKernel(SUM_SQUARES, Object.fromEntries(list.map((g, i) => [`x${i}`, g]))) as tf.Tensor)
        : tf.reshape(sumAll(list.map((g) => tf.sum(tf.square(g)))), [1]);
      // torch: coef = clip / (norm + 1e-6), clamped to at most 1, always multiplied in.
      const norm = tf.sqrt(tf.reshape(sumSq, []));
      const mvNew = fused
        ? (tf
            .engine()
            .runKernel(
              ADAMW_MOMENTS_ALL,
              { ...Object.fromEntries(list.map((g, i) => [`g${i}`, g])), mv: this.mv, sumSq },
              { beta1, beta2, clip } as unknown as tf.NamedAttrMap,
            ) as tf.Tensor2D)
        : this.compositeMoments(
            list,
            clip > 0 ? tf.minimum(tf.div(clip, tf.add(norm, 1e-6)), 1) : tf.scalar(1),
          );
      const decayOf = (p: tf.Variable) => (p.rank === 2 ? weightDecay : 0);
      if (fused && hasKernel(ADAMW_PARAMS_ALL)) {
        const params = [...this.params.values()];
        const updated = tf
          .engine()
          .runKernel(
            ADAMW_PARAMS_ALL,
            { ...Object.fromEntries(params.map((p, i) => [`p${i}`, p])), mv: mvNew },
            { lr, eps, bc1, bc2, weightDecays: params.map(decayOf) } as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        params.forEach((p, i) => p.assign(updated[i])); // new tensors, as below
        this.mv.assign(mvNew);
        return tf.keep(norm) as tf.Scalar;
      }
      for (const [name, p] of this.params) {
        const offset = this.offsets.get(name)!;
        const wd = decayOf(p);
        if (fused) {
          const pNew = tf.engine().runKernel(ADAMW_PARAM, { p, mv: mvNew }, {
            lr,
            eps,
            weightDecay: wd,
            bc1,
            bc2,
            offset,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
          p.assign(pNew); // a new tensor, never an in-place write (wasm's pre-packed weights)
          continue;
        }
        const [m, v] = tf.split(tf.slice(mvNew, [0, offset], [2, p.size]), 2, 0);
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
        const update = tf.reshape(tf.mul(tf.div(m, denom), lr / bc1), p.shape);
        const decayed = wd > 0 ? tf.mul(p, 1 - lr * wd) : p;
        p.assign(tf.sub(decayed, update));
      }
      this.mv.assign(mvNew);
      return tf.keep(norm) as tf.Scalar;
    });
  }

  /** The moments after gradients `grads` (in parameter order) clipped by `coef`, in composite ops. */
  private compositeMoments(grads: tf.Tensor[], coef: tf.Tensor): tf.Tensor2D {
    const { beta1, beta2 } = this.hyper;
    const [m, v] = tf.split(this.mv, 2, 0); // [1, P] each
    const g = tf.mul(
      tf.concat(
        grads.map((x) => tf.reshape(x, [1, x.size])),
        1,
      ),
      coef,
    ); // [1, P]
    const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
    const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
    return tf.concat([mNew, vNew], 0) as tf.Tensor2D;
  }

  /**
   * Holds the current parameters, moments and step count so that the returned function can put
   * them back after updates that must not count (the WebGPU compile-only pass, precompile.ts).
   * Keeps references, not copies: a variable's assign replaces its data, and the held tensor
   * keeps the old data alive until `restore` assigns it back and lets go of it.
   */
  hold(): () => void {
    const vars = [...this.params.values(), this.mv];
    const held = vars.map((v) => tf.keep(tf.clone(v)));
    const step = this.step;
    return () => {
      vars.forEach((v, i) => v.assign(held[i]));
      tf.dispose(held);
      this.step = step;
    };
  }

  async exportState(): Promise<AdamWState> {
    const data = (await this.mv.data()) as Float32Array;
    const P = data.length / 2;
    const m: NamedArrays = {};
    const v: NamedArrays = {};
    for (const [name, p] of this.params) {
      const at = this.offsets.get(name)!;
      m[name] = { shape: [...p.shape], data: data.slice(at, at + p.size) };
      v[name] = { shape: [...p.shape], data: data.slice(P + at, P + at + p.size) };
    }
    return { step: this.step, m, v };
  }

  loadState(state: AdamWState): void {
    const P = this.mv.shape[1]!;
    const both = new Float32Array(2 * P);
    for (const [name, p] of this.params) {
      for (const [row, label, values] of [
        [0, 'm', state.m],
        [1, 'v', state.v],
      ] as const) {
        const saved = values[name];
        if (!saved) throw new Error(`optimizer state is missing ${label}.${name}`);
        if (saved.shape.join() !== p.shape.join()) {
          throw new Error(
            `optimizer state ${label}.${name} has shape [${saved.shape}], expected [${p.shape}]`,
          );
        }
        both.set(saved.data, row * P + this.offsets.get(name)!);
      }
    }
    tf.tidy(() => this.mv.assign(tf.tensor(both, this.mv.shape)));
    this.step = state.step;
  }

  dispose(): void {
    this.mv.dispose();
  }
}

/** √(Σ‖g‖²) over all gradients, as a scalar tensor. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(sumAll(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/**
 * Σ of same-shape tensors. tfjs-webgpu's AddN binds every input as a storage buffer and silently
 * returns zeros past the adapter's maxStorageBuffersPerShaderStage (10 on SwiftShader), so add in
 * small groups.
 */
export function sumAll(tensors: tf.Tensor[]): tf.Tensor {
  const GROUP = 6;
  let level = tensors;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += GROUP) {
      const group = level.slice(i, i + GROUP);
      next.push(group.length === 1 ? group[0] : tf.addN(group));
    }
    level = next;
  }
  return level[0];
}
