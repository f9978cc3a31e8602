// One optimisation step: forward and backward over one or more micro-batches (gradient
// accumulation), global-norm clipping and AdamW. Tensor shapes are fixed for a run, and every
// tensor the step makes is disposed, so `tf.memory().numTensors` stays flat from step 2 on.
import * as tf from '@tensorflow/tfjs-core';
import type { GPT } from '../model/gpt';
import type { Batch } from '../../src/core/data/batch';
import type { AdamW } from './optim';

export type { Batch };

export interface StepResult {
  /** Mean loss over the micro-batches (scalar tensor; the caller reads it when it likes, then disposes). */
  loss: tf.Scalar;
  /** Global gradient norm before clipping (scalar tensor, likewise). */
  gradNorm: tf.Scalar;
}

/** Forward + backward + update. Gradients of micro-batches are averaged before clipping. */
export function trainStep(
  model: GPT,
  optimizer: AdamW,
  microBatches: Batch[],
  lr: number,
  seed: number,
): StepResult {
  if (microBatches.length === 0) throw new Error('trainStep needs at least one micro-batch');
  const vars = [...model.params.values()];
  const names = [...model.params.keys()];
  let summed: tf.Tensor[] | null = null;
  let lossSum: tf.Scalar | null = null;
  microBatches.forEach((batch, k) => {
    const { value, grads } = tf.variableGrads(() => {
      const [idx, targets, weights, segments] = batchTensors(batch);
      return model.loss(idx, targets, weights, { training: true, seed: seed * 1009 + k, segments });
    }, vars);
    const gs = vars.map((v) => grads[v.name]);
    if (summed === null) {
      summed = gs;
      lossSum = value;
    } else {
      const prev: tf.Tensor[] = summed;
      summed = prev.map((g, i) => tf.add(g, gs[i]));
      const prevLoss: tf.Scalar = lossSum!;
      lossSum = tf.add(prevLoss, value);
      tf.dispose([...prev, ...gs, prevLoss, value]);
    }
  });
  const count = microBatches.length;
  const grads: Record<string, tf.Tensor> = {};
  const finalGrads = summed! as tf.Tensor[];
  const averaged = count === 1 ? finalGrads : finalGrads.map((g) => tf.div(g, count));
  names.forEach((n, i) => (grads[n] = averaged[i]));
  const gradNorm = optimizer.apply(grads, lr);
  const loss = count === 1 ? lossSum! : (tf.div(lossSum!, count) as tf.Scalar);
  tf.dispose(count === 1 ? finalGrads : [...finalGrads, ...averaged, lossSum!]);
  return { loss, gradNorm };
}

/** Loss without gradients (held-out evaluation). Returns a scalar tensor. */
export function evalLoss(model: GPT, batch: Batch): tf.Scalar {
  return tf.tidy(() => {
    const [idx, targets, weights, segments] = batchTensors(batch);
    return model.loss(idx, targets, weights, { training: false, segments });
  });
}

function batchTensors(b: Batch): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined] {
  return [
    tf.tensor2d(b.idx, [b.B, b.T], 'int32'),
    tf.tensor2d(b.targets, [b.B, b.T], 'int32'),
    tf.tensor2d(b.weights, [b.B, b.T], 'float32'),
    b.segments ? tf.tensor2d(b.segments, [b.B, b.T], 'int32') : undefined,
  ];
}
