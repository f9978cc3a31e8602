// The Train page's stage plan as form values, and the recipe they make: a model preset and
// tokenizer, a pre-training stage (sources, steps, code/text schedule), then optionally an
// instruction-tuning stage on the text or the code arm. The recipe is checked by the recipe schema
// itself (parseRecipe), and its problems are handed back by field path so the form can show each
// one beside the input it concerns.
import { countParameters, PRESETS, type PresetName } from '../../core/config/model';
import { parseRecipe, RecipeError, type Recipe, type RecipeInput } from '../../core/recipe/recipe';
import type { CorpusInfo } from '../../contract/train';
import { defaultDesign, designToSchedule, type MixDesign } from '../mix/schedule-form';

export interface PretrainForm {
  sources: string[];
  steps: number;
  batchSize: number;
  lr: number;
  /** Schedule the code share (else the sources' natural proportion). */
  mixOn: boolean;
  mix: MixDesign;
  evalEvery: number;
  /** 0: no samples. */
  sampleEvery: number;
  /** 0: no checkpoints. */
  checkpointEvery: number;
}

export interface InstructForm {
  enabled: boolean;
  arm: 'text' | 'code';
  steps: number;
  batchSize: number;
  lr: number;
  /** Share of the code arm's examples that are code instructions. */
  codeShare: number;
  examples: number;
  /** Schedule the share of code-instruction rows (code arm only). */
  mixOn: boolean;
  mix: MixDesign;
  evalEvery: number;
  checkpointEvery: number;
}

export interface PlanForm {
  name: string;
  seed: number;
  preset: PresetName;
  vocabSize: number;
  pretrain: PretrainForm;
  instruct: InstructForm;
}

/** Tokenizer size and learning rate that suit a preset (nano: small and fast to prepare). */
export function presetDefaults(preset: PresetName): { vocabSize: number; lr: number } {
  return preset === 'nano'
    ? { vocabSize: 300, lr: 1e-2 }
    : { vocabSize: PRESETS[preset].vocabSize, lr: 3e-3 };
}

export function defaultPlan(): PlanForm {
  return {
    name: '',
    seed: 1,
    preset: 'nano',
    vocabSize: 300,
    pretrain: {
      sources: [],
      steps: 200,
      batchSize: 8,
      lr: 1e-2,
      mixOn: true,
      mix: defaultDesign('stepwise-increase'),
      evalEvery: 50,
      sampleEvery: 50,
      checkpointEvery: 100,
    },
    instruct: {
      enabled: true,
      arm: 'code',
      steps: 100,
      batchSize: 8,
      lr: 1e-3,
      codeShare: 0.3,
      examples: 400,
      mixOn: false,
      mix: defaultDesign('stepwise-decrease'),
      evalEvery: 50,
      checkpointEvery: 0,
    },
  };
}

/** Parameters of a preset with a tokenizer of `vocabSize` (the embedding grows with it). */
export function parametersOf(preset: PresetName, vocabSize: number): number {
  return countParameters({ ...PRESETS[preset], vocabSize });
}

const warmup = (steps: number) => Math.min(20, Math.floor(steps / 10));

/** The recipe the form describes (not yet checked). Logged every other step so the page updates live. */
export function planRecipe(form: PlanForm): RecipeInput {
  const p = form.pretrain;
  const small = form.preset === 'nano';
  const stages: RecipeInput['stages'] = [
    {
      kind: 'pretrain',
      steps: p.steps,
      batchSize: p.batchSize,
      lr: p.lr,
      warmupSteps: warmup(p.steps),
      sources: [...p.sources],
      ...(p.mixOn ? { mix: designToSchedule(p.mix) } : {}),
      // Every other step: the loop yields to pause/stop/mix messages only between unlogged steps
      // on backends whose readback does not wait (wasm, cpu).
      logEvery: 2,
      evalEvery: p.evalEvery,
      evalBatches: small ? 1 : 2,
      sampleEvery: p.sampleEvery,
      checkpointEvery: p.checkpointEvery,
    },
  ];
  const it = form.instruct;
  if (it.enabled)
    stages.push({
      kind: 'instruct',
      arm: it.arm,
      steps: it.steps,
      batchSize: it.batchSize,
      lr: it.lr,
      warmupSteps: warmup(it.steps),
      codeShare: it.codeShare,
      examples: it.examples,
      heldoutExamples: Math.max(10, Math.min(200, Math.round(it.examples / 8))),
      ...(it.mixOn && it.arm === 'code' ? { mix: designToSchedule(it.mix) } : {}),
      logEvery: 2,
      evalEvery: it.evalEvery,
      evalBatches: small ? 1 : 2,
      checkpointEvery: it.checkpointEvery,
    });
  const strategy = p.mixOn ? p.mix.strategy : 'natural';
  return {
    name: form.name.trim() || `${form.preset}-${strategy}${it.enabled ? `-it-${it.arm}` : ''}`,
    seed: form.seed,
    model: { preset: form.preset },
    tokenizer: { vocabSize: form.vocabSize, sampleBytes: small ? 40_000 : 200_000 },
    stages,
  };
}

export type PlanCheck = { ok: true; recipe: Recipe; problems: [] } | { ok: false; problems: string[] };

/**
 * The recipe checked by the recipe schema, plus what only the page knows: that every source is a
 * corpus the engine lists (when the list is known).
 */
export function checkPlan(form: PlanForm, corpora: readonly CorpusInfo[] = []): PlanCheck {
  const input = planRecipe(form);
  const known = new Set(corpora.map((c) => c.name));
  const unknown =
    corpora.length === 0
      ? []
      : form.pretrain.sources.flatMap((s, k) =>
          known.has(s) ? [] : [`stages.0.sources.${k}: "${s}" is not a corpus the engine lists`],
        );
  try {
    const recipe = parseRecipe(input);
    return unknown.length ? { ok: false, problems: unknown } : { ok: true, recipe, problems: [] };
  } catch (e) {
    if (e instanceof RecipeError) return { ok: false, problems: [...e.problems, ...unknown] };
    throw e;
  }
}

/** The field path a problem names: its text up to the first ':' or space ("stages.0.steps"). */
export function problemPath(problem: string): string {
  return /^[^\s:]+/.exec(problem)?.[0] ?? '';
}

/** Problems about `path` or anything inside it (stages.0.mix matches stages.0.mix.points[1][0]). */
export function problemsFor(problems: readonly string[], path: string): string[] {
  return problems.filter((p) => {
    const at = problemPath(p);
    return at === path || at.startsWith(`${path}.`) || at.startsWith(`${path}[`);
  });
}
