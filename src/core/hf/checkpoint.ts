// Lab checkpoints ↔ Hugging Face GPT-2 directories. Export takes a checkpoint's model config,
// tokenizer and weights (the optimizer state, recipe and data cursor stay behind). Import makes a
// checkpoint at step 0 with fresh (zero) AdamW moments and no recipe: it loads for generation and
// evaluation, and a training run resumed from it (`cli train <recipe> --out <dir> --resume` with the
// import in <dir>/checkpoint, or the engine's train(…, { resumeFrom })) fine-tunes it from its
// first stage, step 0, with its tokenizer; the recipe's model must describe the same shapes.
import type { ModelConfig } from '../config/model';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointFiles } from '../checkpoint/format';
import type { TokenizerJson } from '../tokenizer';
import { exportGpt2, importGpt2, type HfFiles, type LabModel } from './gpt2';
import type { Float32Tensor } from './params';

/** Where the notes of an imported checkpoint say it came from. */
export const IMPORT_NOTE = 'imported from a Hugging Face GPT-2 directory';

/** The lab model a checkpoint holds (what an export writes). */
export async function checkpointModel(files: CheckpointFiles): Promise<LabModel> {
  const c = await decodeCheckpoint(files);
  return { config: c.config as ModelConfig, tokenizer: c.tokenizer as TokenizerJson, params: c.params };
}

/** A lab checkpoint's files → the Hugging Face GPT-2 directory's files. */
export async function checkpointToHf(files: CheckpointFiles): Promise<Map<string, Uint8Array>> {
  return exportGpt2(await checkpointModel(files));
}

const zerosLike = (params: Record<string, Float32Tensor>): Record<string, Float32Tensor> =>
  Object.fromEntries(
    Object.entries(params).map(([k, t]) => [
      k,
      { shape: [...t.shape], data: new Float32Array(t.data.length) },
    ]),
  );

/** A lab model as a fresh checkpoint's files: step 0, zero moments, no recipe, a fresh data cursor. */
export async function modelToCheckpoint(
  model: LabModel,
  source = IMPORT_NOTE,
): Promise<Map<string, Uint8Array>> {
  return encodeCheckpoint({
    step: 0,
    config: model.config,
    tokenizer: model.tokenizer,
    recipe: null,
    // The run cursor of workers/train/run-checkpoint.ts: first stage, nothing seen, fresh data and mix.
    dataCursor: { stage: 0, step: 0, tokens: 0, stageState: { data: null, mix: null } },
    rng: null,
    optimizer: { step: 0, hyper: null, m: zerosLike(model.params), v: zerosLike(model.params) },
    params: model.params,
    notes: { source },
  });
}

/** A Hugging Face GPT-2 directory's files → a lab checkpoint's files (refusing what the lab cannot hold). */
export async function hfToCheckpoint(files: HfFiles): Promise<Map<string, Uint8Array>> {
  return modelToCheckpoint(importGpt2(files));
}
