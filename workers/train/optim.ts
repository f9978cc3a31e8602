// AdamW with decoupled weight decay on 2-D weights only, after clipping all gradients by their
// global norm — the update of torch.optim.AdamW + torch.nn.utils.clip_grad_norm_, which tfjs lacks.
// Everything stays on the device: the norm and the clip factor are tensors, never read back here.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArrays } from '../model/gpt';

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
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(params: Map<string, tf.Variable>, hyper: AdamWHyper = DEFAULT_ADAMW) {
    this.params = params;
    this.hyper = hyper;
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false));
      this.v.set(name, tf.variable(tf.zerosLike(p), false));
    }
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
    return tf.tidy(() => {
      const norm = globalNorm(Object.values(grads));
      // torch: coef = clip / (norm + 1e-6), clamped to at most 1, always multiplied in.
      const coef = clip > 0 ? tf.minimum(tf.div(clip, tf.add(norm, 1e-6)), 1) : tf.scalar(1);
      for (const [name, p] of this.params) {
        const g = grads[name];
        if (!g) throw new Error(`no gradient for parameter "${name}"`);
        const gc = tf.mul(g, coef);
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(gc, 1 - beta1));
        const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gc), 1 - beta2));
        const decayed = p.rank === 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        const denom = tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(bc2)), eps);
        p.assign(tf.sub(decayed, tf.mul(tf.div(mNew, denom), lr / bc1)));
        m.assign(mNew);
        v.assign(vNew);
      }
      return tf.keep(norm);
    });
  }

  async exportState(): Promise<AdamWState> {
    const read = async (vars: Map<string, tf.Variable>) => {
      const out: NamedArrays = {};
      for (const [name, t] of vars)
        out[name] = { shape: [...t.shape], data: (await t.data()) as Float32Array };
      return out;
    };
    return { step: this.step, m: await read(this.m), v: await read(this.v) };
  }

  loadState(state: AdamWState): void {
    for (const [label, vars, values] of [
      ['m', this.m, state.m],
      ['v', this.v, state.v],
    ] as const) {
      for (const [name, t] of vars) {
        const saved = values[name];
        if (!saved) throw new Error(`optimizer state is missing ${label}.${name}`);
        if (saved.shape.join() !== t.shape.join()) {
          throw new Error(
            `optimizer state ${label}.${name} has shape [${saved.shape}], expected [${t.shape}]`,
          );
        }
        tf.tidy(() => t.assign(tf.tensor(saved.data, t.shape)));
      }
    }
    this.step = state.step;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
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
