// A training run from a recipe: prepare the data, build (or restore) the model and optimiser, then
// run the stages in order (stage-loop.ts). A pretrain stage draws corpus windows (stage-data.ts);
// an instruct stage fine-tunes the model the stages before it left, with the same tokenizer, on an
// instruction arm (instruct-data.ts), starting from fresh AdamW moments. Everything needed to
// continue — weights, AdamW moments, each stage's data state and mix — goes into checkpoints, so a
// resumed run takes exactly the steps an uninterrupted one would.
import { corpusNamesOf, heldoutSourcesOf, modelConfigOf, type Recipe } from '../../src/core/recipe/recipe';
import { countParameters } from '../../src/core/config/model';
import type { CorpusProvider, RunSummary, TrainEvent } from '../../src/contract/train';
import type { TokenizerJson } from '../../src/core/tokenizer';
import { GPT } from '../model/gpt';
import { AdamW, DEFAULT_ADAMW } from './optim';
import { prepareData } from './prepare';
import type { RunCheckpoint } from './run-checkpoint';
import { RunControl } from './control';
import { pretrainData, type StageData } from './stage-data';
import { instructData } from './instruct-data';
import { checkInitFrom } from './init-from';
import type { PreparedData } from './prepare';
import { runStageLoop, type Losses } from './stage-loop';

export interface RunOptions {
  recipe: Recipe;
  corpora: CorpusProvider;
  onEvent: (event: TrainEvent) => void;
  control?: RunControl;
  /** Called with a checkpoint's contents when the recipe asks for one, and at each stage's end. */
  saveCheckpoint?: (checkpoint: RunCheckpoint) => Promise<{ name: string; bytes: number }>;
  /** Continue from this checkpoint instead of starting fresh. */
  resumeFrom?: RunCheckpoint;
  /**
   * Start from another run's checkpoint at the end of one of its stages, when that run's recipe is a
   * prefix of this one (init-from.ts checks): the next stage starts as in one uninterrupted run.
   */
  initFrom?: RunCheckpoint;
  backend: RunSummary['backend'];
}

export interface RunResult {
  summary: RunSummary;
  model: GPT;
  tokenizerJson: TokenizerJson;
}

export async function runTraining(options: RunOptions): Promise<RunResult> {
  const { recipe, onEvent } = options;
  const resume = options.resumeFrom ?? (options.initFrom && checkInitFrom(recipe, options.initFrom));
  const control = options.control ?? new RunControl();
  const started = performance.now();
  const data = await prepareData(options.corpora, {
    sourceNames: corpusNamesOf(recipe),
    vocabSize: recipe.tokenizer.vocabSize,
    sampleBytes: recipe.tokenizer.sampleBytes,
    tokenizerSources: recipe.tokenizer.sources,
    tokenizer: resume?.tokenizer,
    onProgress: onEvent,
  });
  const config = modelConfigOf(recipe, data.tokenizer.vocabSize);
  const model = resume ? GPT.fromWeights(config, resume.params) : GPT.create(config, recipe.seed);
  let optimizer = new AdamW(model.params, { ...DEFAULT_ADAMW });
  if (resume) optimizer.loadState(resume.optimizer);
  let tokens = resume?.tokens ?? 0;
  let steps = 0;
  let lastEval: Losses = { heldout: {}, train: {} };
  try {
    for (
      let stageIndex = resume?.stage ?? 0;
      stageIndex < recipe.stages.length && !control.stopRequested;
      stageIndex++
    ) {
      const stage = recipe.stages[stageIndex];
      const resumed = resume && resume.stage === stageIndex ? resume : undefined;
      const startStep = resumed?.step ?? 0;
      const tokensPerStep = stage.batchSize * stage.accumSteps * config.blockSize;
      if (stage.kind === 'instruct' && !resumed) {
        optimizer.dispose(); // instruction tuning is a new fine-tuning run from the model so far
        optimizer = new AdamW(model.params, { ...DEFAULT_ADAMW });
      }
      optimizer.hyper.weightDecay = stage.weightDecay;
      optimizer.hyper.clip = stage.gradClip;
      const seed = stageSeed(recipe, stageIndex);
      const result = await runStageLoop({
        stageIndex,
        stage,
        seed: recipe.seed,
        model,
        tokenizer: data.tokenizer,
        optimizer,
        control,
        onEvent,
        data: await stageData(options, data, stageIndex, seed, resumed?.stageState.data),
        resume: resumed ? { step: resumed.step, mix: resumed.stageState.mix } : undefined,
        save: options.saveCheckpoint
          ? async (progress) =>
              options.saveCheckpoint!({
                stage: stageIndex,
                step: progress.step,
                tokens: tokens + (progress.step - startStep) * tokensPerStep,
                stageState: { data: progress.data, mix: progress.mix },
                recipe,
                config,
                tokenizer: data.tokenizer.toJSON(),
                params: await model.exportWeights(),
                optimizer: { ...(await optimizer.exportState()), hyper: { ...optimizer.hyper } },
              })
          : undefined,
      });
      tokens += (result.steps - startStep) * tokensPerStep;
      steps += result.steps - startStep;
      lastEval = result.lastEval;
    }
  } catch (error) {
    optimizer.dispose();
    model.dispose();
    throw error;
  }
  optimizer.dispose();
  const summary: RunSummary = {
    name: recipe.name,
    backend: options.backend,
    steps,
    tokens,
    wallSeconds: (performance.now() - started) / 1000,
    params: countParameters(config),
    vocabSize: config.vocabSize,
    final: lastEval,
    bytesPerToken: data.bytesPerToken,
    stopped: control.stopRequested,
  };
  onEvent({ type: 'done', summary });
  return { summary, model, tokenizerJson: data.tokenizer.toJSON() };
}

/** The seed of a stage's data (its batcher, and an instruct stage's instruction sets). */
export function stageSeed(recipe: Recipe, stageIndex: number): number {
  return recipe.seed * 7919 + stageIndex;
}

/** The batches a stage draws: corpus windows (pretrain) or packed instruction examples (instruct). */
async function stageData(
  options: RunOptions,
  data: PreparedData,
  stageIndex: number,
  seed: number,
  state: unknown,
): Promise<StageData> {
  const { recipe } = options;
  const stage = recipe.stages[stageIndex];
  const common = {
    data,
    T: modelConfigOf(recipe, data.tokenizer.vocabSize).blockSize,
    seed,
    crossDocumentAttention: recipe.crossDocumentAttention,
    state,
  };
  if (stage.kind === 'pretrain') return pretrainData({ ...common, stage });
  return instructData({
    ...common,
    stage,
    corpora: options.corpora,
    heldoutSources: heldoutSourcesOf(recipe, stageIndex),
    onProgress: options.onEvent,
  });
}
