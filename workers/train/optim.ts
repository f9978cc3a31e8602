// AdamW with decoupled weight decay on 2-D weights only, after clipping all gradients by their
// global norm — the update of torch.optim.AdamW + torch.nn.utils.clip_grad_norm_, which tfjs lacks.
// Everything stays on the device: the norm and the clip factor are tensors, never read back here.
// Each parameter's moments live in one [2, S] variable (row 0 = m, row 1 = v). Where the backend
// has the fused kernels (names.ts: SUM_SQUARES, ADAMW_MOMENTS, ADAMW_PARAM) a step is 1 + 2 per
// parameter kernels; elsewhere composite ops compute the same update.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArrays } from '../model/gpt';
import { hasKernel } from '../model/kernels/js-kernel';
import { ADAMW_MOMENTS, ADAMW_PARAM, SUM_SQUARES } from '../model/kernels/names';

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
  /** Moments per parameter: [2, S], row 0 = m, row 1 = v. */
  private readonly mv = new Map<string, tf.Variable>();

  constructor(params: Map<string, tf.Variable>, hyper: AdamWHyper = DEFAULT_ADAMW) {
    this.params = params;
    this.hyper = hyper;
    for (const [name, p] of params) this.mv.set(name, tf.variable(tf.zeros([2, p.size]), false));
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
    const fused = hasKernel(SUM_SQUARES) && hasKernel(ADAMW_MOMENTS) && hasKernel(ADAMW_PARAM);
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
      const coef = clip > 0 ? tf.minimum(tf.div(clip, tf.add(norm, 1e-6)), 1) : tf.scalar(1);
      let i = 0;
      for (const [name, p] of this.params) {
        const g = list[i++];
        const mv = this.mv.get(name)!;
        const wd = p.rank === 2 ? weightDecay : 0;
        if (fused) {
          const mvNew = tf.engine().runKernel(ADAMW_MOMENTS, { g, mv, sumSq }, {
            beta1,
            beta2,
            clip,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
          const pNew = tf.engine().runKernel(ADAMW_PARAM, { p, mv: mvNew }, {
            lr,
            eps,
            weightDecay: wd,
            bc1,
            bc2,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
          p.assign(pNew); // a new tensor, never an in-place write (wasm's pre-packed weights)
          mv.assign(mvNew);
          continue;
        }
        const gc = tf.reshape(tf.mul(g, coef), [1, p.size]);
        const [m, v] = tf.split(mv, 2, 0);
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(gc, 1 - beta1));
        const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gc), 1 - beta2));
        const denom = tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(bc2)), eps);
        const update = tf.reshape(tf.mul(tf.div(mNew, denom), lr / bc1), p.shape);
        const decayed = wd > 0 ? tf.mul(p, 1 - lr * wd) : p;
        p.assign(tf.sub(decayed, update));
        mv.assign(tf.concat([mNew, vNew], 0));
      }
      return tf.keep(norm) as tf.Scalar;
    });
  }

  async exportState(): Promise<AdamWState> {
    const m: NamedArrays = {};
    const v: NamedArrays = {};
    for (const [name, t] of this.mv) {
      const shape = [...this.params.get(name)!.shape];
      const data = (await t.data()) as Float32Array;
      const S = data.length / 2;
      m[name] = { shape, data: data.slice(0, S) };
      v[name] = { shape, data: data.slice(S) };
    }
    return { step: this.step, m, v };
  }

  loadState(state: AdamWState): void {
    for (const [name, t] of this.mv) {
      const shape = this.params.get(name)!.shape;
      const both = new Float32Array(t.size);
      for (const [row, label, values] of [
        [0, 'm', state.m],
        [1, 'v', state.v],
      ] as const) {
        const saved = values[name];
        if (!saved) throw new Error(`optimizer state is missing ${label}.${name}`);
        if (saved.shape.join() !== shape.join()) {
          throw new Error(`optimizer state ${label}.${name} has shape [${saved.shape}], expected [${shape}]`);
        }
        both.set(saved.data, row * (t.size / 2));
      }
      tf.tidy(() => t.assign(tf.tensor(both, t.shape)));
    }
    this.step = state.step;
  }

  dispose(): void {
    for (const t of this.mv.values()) t.dispose();
    this.mv.clear();
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
