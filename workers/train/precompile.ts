// WebGPU set-up before the first training step (TECH.md §1.4): the submit batch size, and pipeline
// pre-compilation. Without the latter, step 1 compiles every distinct WGSL pipeline of the step
// (dozens: tfjs's kernels and the engine's) synchronously, one after the other. With tfjs's
// WEBGPU_ENGINE_COMPILE_ONLY flag set, a step creates each pipeline with
// createComputePipelineAsync and dispatches nothing, so the driver can compile them in parallel;
// `checkCompileCompletionAsync` then waits for all. (On SwiftShader, a CPU emulation on 2 shared
// cores, the pass takes about as long as step 1's synchronous compiles: nothing to parallelise
// there.) Everything the pass computes is garbage: the parameters, the optimizer's moments and
// step count are put back as they were (AdamW.hold), and every tensor the pass makes is disposed.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import type { GPT } from '../model/gpt';
import type { AdamW } from './optim';
import { trainStep, type Batch } from './step';

/**
 * Dispatches tfjs-webgpu encodes before it submits (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE; tfjs's
 * default is 15, tuned for inference, tensorflow/tfjs#4888). A training step of the micro preset
 * is about 215 dispatches and is bound by JS encoding on small models (TECH.md §1.3.5), so the
 * two costs pull apart: every submit has a fixed CPU cost (15 → ~15 submits a step), but the
 * GPU starts on nothing until a submit, and tfjs releases a disposed tensor's buffer only at the
 * next submit, so larger batches grow the buffer pool. Measured in Node (Dawn, SwiftShader) at the
 * nano preset, B 16: submits per step 9 / 4 / 2 / 1 at 15 / 32 / 64 / 128, GPU bytes allocated
 * after 6 steps 27.8 / 29.0 / 29.0 / 32.5 MB. 32 halves the submits and starts the GPU within
 * the first ~15% of a step for +4% pool. SwiftShader timings are NOT performance data (a CPU
 * emulation: identical runs varied from 9 to 21 s a step on this shared machine, no difference
 * between batch sizes was resolvable); re-tune on real GPUs with `npm run bench:browser`.
 */
export const TRAINING_SUBMIT_BATCH = 32;

/** The backend's pipeline cache (private in tfjs 4.22): shader key → pipeline or its promise. */
function pipelineCount(backend: WebGPUBackend): number {
  const cache = (backend as unknown as { pipelineCache?: Record<string, unknown> }).pipelineCache;
  return cache ? Object.keys(cache).length : 0;
}

/**
 * Prepare WebGPU for training: set the submit batch (TRAINING_SUBMIT_BATCH), then compile the
 * pipelines of a training step of `model` on these micro-batches' shapes (any batches of the
 * run's shapes will do) without changing the model, the optimizer or the tensor count. Returns
 * how many pipelines were compiled (0 on other backends: a no-op there).
 */
export async function precompileTrainingStep(
  model: GPT,
  optimizer: AdamW,
  microBatches: Batch[],
  lr: number,
): Promise<number> {
  if (tf.getBackend() !== 'webgpu') return 0;
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', TRAINING_SUBMIT_BATCH);
  const backend = tf.backend() as WebGPUBackend;
  const before = pipelineCount(backend);
  const restore = optimizer.hold();
  tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
  try {
    const r = trainStep(model, optimizer, microBatches, lr, 0);
    tf.dispose([r.loss, r.gradNorm]);
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', false);
    restore();
  }
  await backend.checkCompileCompletionAsync();
  return pipelineCount(backend) - before;
}
