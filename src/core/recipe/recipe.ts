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

const pretrainStage = z
  .object({
    kind: z.literal('pretrain'),
    steps: int(1, 10_000_000),
    batchSize: int(1, 4096).default(16),
    /** Micro-batches per optimiser step (gradient accumulation). */
    accumSteps: int(1, 1024).default(1),
    lr: z.number().positive().max(1).default(3e-3),
    warmupSteps: int(0, 10_000_000).default(20),
    /** The learning-rate floor as a fraction of lr (cosine decay ends there). */
    minLrRatio: z.number().min(0).max(1).default(0.1),
    weightDecay: z.number().min(0).max(1).default(0.1),
    gradClip: z.number().min(0).default(1.0),
    /** Corpus names (see datasets/generated/manifest.json). */
    sources: z.array(z.string().min(1)).min(1),
    /** Share of code over the stage; absent: sources in proportion to their sizes. */
    mix: mixSchema.optional(),
    logEvery: int(1, 100_000).default(10),
    evalEvery: int(1, 1_000_000).default(100),
    evalBatches: int(1, 1000).default(4),
    sampleEvery: int(0, 1_000_000).default(0),
    checkpointEvery: int(0, 10_000_000).default(0),
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
      })
      .strict(),
    /** Whether attention may cross document boundaries inside a packed window. */
    crossDocumentAttention: z.boolean().default(true),
    stages: z.array(pretrainStage).min(1),
  })
  .strict();

export type Recipe = z.output<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;
export type PretrainStage = Recipe['stages'][number];
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
  ];
  if (problems.length) throw new RecipeError(problems);
  return recipe;
}

/** The model config a recipe asks for, with the tokenizer's actual vocabulary size. */
export function modelConfigOf(recipe: Recipe, vocabSize: number): ModelConfig {
  const { preset, ...overrides } = recipe.model;
  return { ...PRESETS[preset], ...overrides, vocabSize };
}
