// The experiment recipe: one JSON document that says what to train — model, tokenizer, seed and
// the stages with their data and schedules. Validated with zod; every error names the field and
// says why, because a typo silently ignored would waste a whole run. The CLI and the UI take it.
import { z } from 'zod';
import {
  PRESET_NAMES,
  PRESETS,
  validateModelConfig,
  type ModelConfig,
  type PresetName,
} from '../config/model';
import { validateSchedule, type MixSchedule } from '../data/schedule';
import { FAMILIES } from '../data/instruct/types';

export const RECIPE_VERSION = 1;

const share = z.number().min(0).max(1);
const mixSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), code: share }).strict(),
  z
    .object({
      type: z.literal('paper'),
      strategy: z.enum(['uniform', 'stepwise-increase', 'stepwise-decrease']),
    })
    .strict(),
  z.object({ type: z.literal('linear'), from: share, to: share }).strict(),
  z.object({ type: z.literal('cosine'), from: share, to: share }).strict(),
  z.object({ type: z.literal('piecewise'), points: z.array(z.tuple([share, share])).min(2) }).strict(),
]);

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** What every stage kind has: length, optimiser, schedule and how often to log, evaluate and save. */
const stageCommon = {
  steps: int(1, 10_000_000),
  batchSize: int(1, 4096).default(16),
  /** Micro-batches per optimiser step (gradient accumulation). */
  accumSteps: int(1, 1024).default(1),
  warmupSteps: int(0, 10_000_000).default(20),
  weightDecay: z.number().min(0).max(1).default(0.1),
  gradClip: z.number().min(0).default(1.0),
  /** Share of code over the stage; absent: the sources' natural proportion. */
  mix: mixSchema.optional(),
  logEvery: int(1, 100_000).default(10),
  evalEvery: int(1, 1_000_000).default(100),
  evalBatches: int(1, 1000).default(4),
  checkpointEvery: int(0, 10_000_000).default(0),
};

const pretrainStage = z
  .object({
    kind: z.literal('pretrain'),
    ...stageCommon,
    lr: z.number().positive().max(1).default(3e-3),
    /** The learning-rate floor as a fraction of lr (cosine decay ends there). */
    minLrRatio: z.number().min(0).max(1).default(0.1),
    /** Corpus names (see datasets/generated/manifest.json). */
    sources: z.array(z.string().min(1)).min(1),
    sampleEvery: int(0, 1_000_000).default(0),
  })
  .strict();

/**
 * Instruction tuning (the paper's IT stage): fine-tunes the model the previous stage left, with the
 * same tokenizer, on one of the two arms (src/core/data/instruct): 'text' (text-only instructions,
 * the paper's NN) or 'code' (the same set with `codeShare` of it replaced by code instructions, NC
 * and CC). The loss counts response tokens only. `mix` schedules the share of code-instruction rows
 * (the paper's 4-phase strategies were applied here), so it needs the code arm. Starts with fresh
 * AdamW moments, as the paper's IT is a new fine-tuning run from the pre-trained checkpoint.
 */
const instructStage = z
  .object({
    kind: z.literal('instruct'),
    arm: z.enum(['text', 'code']),
    ...stageCommon,
    lr: z.number().positive().max(1).default(1e-3),
    /** The paper decays 2e-5 → 1e-6 in tuning: a 5 % floor. */
    minLrRatio: z.number().min(0).max(1).default(0.05),
    /** Instruction examples in the training set (the same count in both arms). */
    examples: int(10, 200_000).default(2000),
    /** Held-out instruction examples (the same set for both arms, none shared with training). */
    heldoutExamples: int(10, 20_000).default(200),
    /** Share of the code arm's examples that are code instructions (the paper's ~30 %). */
    codeShare: share.default(0.3),
    /** Pre-training corpora whose held-out LM loss is tracked; default: the earlier stages' sources. */
    heldoutSources: z.array(z.string().min(1)).optional(),
    /** Mine instructions from the wordnet, factbook, 30-seconds-of-code and locutus corpora when present. */
    mineCorpora: z.boolean().default(true),
    /**
     * Relative weight of each family (logic, law, science, analogy, general) in both arms and the
     * held-out set; a family left out gets none. Absent: the default mix (FAMILY_WEIGHTS).
     */
    families: z.partialRecord(z.enum(FAMILIES), z.number().min(0).finite()).optional(),
  })
  .strict();

const modelSchema = z
  .object({
    preset: z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]),
    blockSize: int(8, 4096).optional(),
    nLayer: int(1, 64).optional(),
    nHead: int(1, 64).optional(),
    nEmbd: int(8, 4096).optional(),
    dropout: z.number().min(0).lt(1).optional(),
    queryLayer: z.boolean().optional(),
  })
  .strict();

export const recipeSchema = z
  .object({
    version: z.literal(RECIPE_VERSION).default(RECIPE_VERSION),
    name: z.string().min(1).max(200),
    seed: int(0, 2 ** 31 - 1).default(1),
    model: modelSchema,
    tokenizer: z
      .object({
        /** Total vocabulary, special tokens included (261 = bytes + specials, no merges). */
        vocabSize: int(261, 8197),
        /** How much text (bytes, spread over the first stage's sources) the BPE trains on. */
        sampleBytes: int(10_000, 50_000_000).default(2_000_000),
        /**
         * The corpora the BPE trains on (default: the recipe's pre-training sources). Runs that name
         * the same list, vocabulary and sample size get the very same tokenizer whatever they train on
         * (a study's text-only and text+code arms share one).
         */
        sources: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict(),
    /** Whether attention may cross document boundaries inside a packed window. */
    crossDocumentAttention: z.boolean().default(true),
    stages: z.array(z.discriminatedUnion('kind', [pretrainStage, instructStage])).min(1),
  })
  .strict();

export type Recipe = z.output<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;
export type Stage = Recipe['stages'][number];
export type PretrainStage = Extract<Stage, { kind: 'pretrain' }>;
export type InstructStage = Extract<Stage, { kind: 'instruct' }>;
export type { MixSchedule };

export class RecipeError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid recipe:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RecipeError';
  }
}

/** Parse and check a recipe (object or JSON text); throws RecipeError naming every bad field. */
export function parseRecipe(input: unknown): Recipe {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new RecipeError([`the recipe is not valid JSON: ${(e as Error).message}`]);
    }
  }
  const parsed = recipeSchema.safeParse(value);
  if (!parsed.success) {
    throw new RecipeError(
      parsed.error.issues.map(
        (issue) => `${issue.path.length ? issue.path.join('.') : '(recipe)'}: ${issue.message}`,
      ),
    );
  }
  const recipe = parsed.data;
  const problems = [
    ...validateModelConfig(modelConfigOf(recipe, recipe.tokenizer.vocabSize)),
    ...recipe.stages.flatMap((s, i) => (s.mix ? validateSchedule(s.mix, `stages.${i}.mix`) : [])),
    ...recipe.stages.flatMap((s, i) =>
      s.warmupSteps > s.steps
        ? [`stages.${i}.warmupSteps (${s.warmupSteps}) exceeds stages.${i}.steps (${s.steps})`]
        : [],
    ),
    ...recipe.stages.flatMap((s, i) => (s.kind === 'instruct' ? instructProblems(recipe, s, i) : [])),
  ];
  if (problems.length) throw new RecipeError(problems);
  return recipe;
}

/** Checks an instruct stage against the rest of the recipe. */
function instructProblems(recipe: Recipe, s: InstructStage, i: number): string[] {
  const problems: string[] = [];
  if (i === 0)
    problems.push(
      `stages.0.kind: an 'instruct' stage fine-tunes the model a 'pretrain' stage made (and its tokenizer is trained on pre-training corpora), so the first stage must be 'pretrain'`,
    );
  if (s.mix && s.arm === 'text' && !(s.mix.type === 'fixed' && s.mix.code === 0))
    problems.push(
      `stages.${i}.mix: the 'text' arm has no code instructions, so there is no code share to schedule (remove mix, or use arm 'code')`,
    );
  if (s.families && !Object.values(s.families).some((w) => w > 0))
    problems.push(
      `stages.${i}.families: no family has a positive weight (give at least one of ${FAMILIES.join(', ')} a weight above 0)`,
    );
  if (s.mix && s.arm === 'code' && s.codeShare === 0)
    problems.push(`stages.${i}.mix: codeShare is 0, so the 'code' arm has no code instructions to mix in`);
  const earlier = new Set(recipe.stages.slice(0, i).flatMap((e) => (e.kind === 'pretrain' ? e.sources : [])));
  for (const [k, name] of (s.heldoutSources ?? []).entries())
    if (!earlier.has(name))
      problems.push(
        `stages.${i}.heldoutSources.${k}: "${name}" is not a source of an earlier pretrain stage (${[...earlier].join(', ') || 'none'})`,
      );
  return problems;
}

/** The pre-training corpora an instruct stage tracks: its own list, or every earlier stage's sources. */
export function heldoutSourcesOf(recipe: Recipe, stageIndex: number): string[] {
  const s = recipe.stages[stageIndex];
  if (s.kind !== 'instruct') return s.sources;
  if (s.heldoutSources) return s.heldoutSources;
  return [
    ...new Set(recipe.stages.slice(0, stageIndex).flatMap((e) => (e.kind === 'pretrain' ? e.sources : []))),
  ];
}

/** Every corpus a recipe reads: the pretrain stages' sources (instruct stages only track those). */
export function corpusNamesOf(recipe: Recipe): string[] {
  return [...new Set(recipe.stages.flatMap((s) => (s.kind === 'pretrain' ? s.sources : [])))];
}

/** The model config a recipe asks for, with the tokenizer's actual vocabulary size. */
export function modelConfigOf(recipe: Recipe, vocabSize: number): ModelConfig {
  const { preset, ...overrides } = recipe.model;
  return { ...PRESETS[preset], ...overrides, vocabSize };
}
