// What a training run saves to continue later, and its mapping onto the lab's checkpoint files
// (src/core/checkpoint/format.ts: safetensors weights and moments plus JSON).
import {
  decodeCheckpoint,
  encodeCheckpoint,
  type CheckpointData,
  type CheckpointFiles,
} from '../../src/core/checkpoint/format';
import type { MixState } from './stage-loop';
import type { ModelConfig } from '../../src/core/config/model';
import type { Recipe } from '../../src/core/recipe/recipe';
import type { TokenizerJson } from '../../src/core/tokenizer';
import type { NamedArrays } from '../model/gpt';
import type { AdamWHyper, AdamWState } from './optim';

export interface RunCheckpoint {
  /** Stage index and optimiser steps completed in it. */
  stage: number;
  step: number;
  /** Training tokens seen over the whole run. */
  tokens: number;
  /** The stage's data state (e.g. the batcher's) and its mix, with the log of live changes. */
  stageState: { data: unknown; mix: MixState };
  recipe: Recipe;
  config: ModelConfig;
  tokenizer: TokenizerJson;
  params: NamedArrays;
  optimizer: AdamWState & { hyper?: AdamWHyper };
}

interface DataCursor {
  stage: number;
  step: number;
  tokens: number;
  stageState: RunCheckpoint['stageState'];
}

export async function encodeRunCheckpoint(c: RunCheckpoint): Promise<Map<string, Uint8Array>> {
  const cursor: DataCursor = { stage: c.stage, step: c.step, tokens: c.tokens, stageState: c.stageState };
  const data: CheckpointData = {
    step: c.step,
    config: c.config,
    tokenizer: c.tokenizer,
    recipe: c.recipe,
    dataCursor: cursor,
    rng: null, // the data state holds the batcher's RNG; dropout seeds derive from the step
    optimizer: {
      step: c.optimizer.step,
      hyper: c.optimizer.hyper ?? null,
      m: c.optimizer.m,
      v: c.optimizer.v,
    },
    params: c.params,
  };
  return encodeCheckpoint(data);
}

export async function decodeRunCheckpoint(files: CheckpointFiles): Promise<RunCheckpoint> {
  const d = await decodeCheckpoint(files);
  const cursor = d.dataCursor as DataCursor;
  return {
    stage: cursor.stage,
    step: cursor.step,
    tokens: cursor.tokens,
    stageState: cursor.stageState,
    recipe: d.recipe as Recipe,
    config: d.config as ModelConfig,
    tokenizer: d.tokenizer as TokenizerJson,
    params: d.params,
    optimizer: { step: d.optimizer.step, m: d.optimizer.m, v: d.optimizer.v },
  };
}
