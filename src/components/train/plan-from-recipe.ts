// A recipe (e.g. from a share link) back into the stage plan's form: preset, tokenizer, seed and name,
// the pre-training stage and an optional instruction stage after it. The plan cannot express every
// recipe (model overrides, more stages, its own logging cadence…), so the fields the filled form
// would train differently are listed by recipe path, found by re-making the recipe from the form
// and comparing the two (diffRecipes), so nothing is lost silently.
import { diffRecipes } from '../../core/runs';
import type { Recipe } from '../../core/recipe/recipe';
import { designFromSchedule } from '../mix/schedule-form';
import { defaultPlan, planRecipe, type PlanForm } from './plan-recipe';

export interface PlanFromRecipe {
  form: PlanForm;
  /** Recipe fields the plan could not carry, as `path: recipe value → plan value`. */
  notCarried: string[];
}

export function planFromRecipe(recipe: Recipe): PlanFromRecipe {
  const form = defaultPlan();
  form.name = recipe.name;
  form.seed = recipe.seed;
  form.preset = recipe.model.preset;
  form.vocabSize = recipe.tokenizer.vocabSize;
  const [first, second] = recipe.stages;
  if (first.kind === 'pretrain') {
    const p = form.pretrain;
    p.sources = [...first.sources];
    p.steps = first.steps;
    p.batchSize = first.batchSize;
    p.lr = first.lr;
    p.mixOn = first.mix !== undefined;
    if (first.mix) p.mix = designFromSchedule(first.mix);
    p.evalEvery = first.evalEvery;
    p.sampleEvery = first.sampleEvery;
    p.checkpointEvery = first.checkpointEvery;
  }
  const it = form.instruct;
  it.enabled = first.kind === 'pretrain' && second?.kind === 'instruct';
  if (it.enabled && second?.kind === 'instruct') {
    it.arm = second.arm;
    it.steps = second.steps;
    it.batchSize = second.batchSize;
    it.lr = second.lr;
    it.codeShare = second.codeShare;
    it.examples = second.examples;
    it.mixOn = second.mix !== undefined;
    if (second.mix) it.mix = designFromSchedule(second.mix);
    it.evalEvery = second.evalEvery;
    it.checkpointEvery = second.checkpointEvery;
  }
  const notCarried = diffRecipes([recipe, planRecipe(form)]).map(
    (row) => `${row.path}: ${row.values[0] ?? '(none)'} → ${row.values[1] ?? '(none)'}`,
  );
  return { form, notCarried };
}
