// A recipe back into the stage plan: a recipe the plan made comes back whole (nothing listed, the same
// recipe re-made); a recipe with what the plan cannot express lists exactly those fields by path.
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../core/recipe/recipe';
import { defaultPlan, planRecipe } from './plan-recipe';
import { planFromRecipe } from './plan-from-recipe';

describe('planFromRecipe', () => {
  it('round-trips a recipe the plan made, instruct stage and schedules included', () => {
    const form = defaultPlan();
    form.name = 'shared-run';
    form.seed = 9;
    form.pretrain.sources = ['world', 'lodash'];
    form.pretrain.steps = 120;
    form.pretrain.mix = { ...form.pretrain.mix, strategy: 'linear', from: 0.1, to: 0.6 };
    form.instruct.arm = 'code';
    form.instruct.mixOn = true;
    form.instruct.steps = 40;
    const recipe = parseRecipe(planRecipe(form));
    const back = planFromRecipe(recipe);
    expect(back.notCarried).toEqual([]);
    expect(parseRecipe(planRecipe(back.form))).toEqual(recipe);
    expect(back.form.pretrain.mix.strategy).toBe('linear');
    expect(back.form.instruct.enabled).toBe(true);
  });

  it('names what the plan cannot carry: model overrides, a third stage, another cadence', () => {
    const recipe = parseRecipe({
      name: 'odd',
      model: { preset: 'nano', nLayer: 1 },
      tokenizer: { vocabSize: 300, sampleBytes: 40_000 },
      stages: [
        { kind: 'pretrain', steps: 10, sources: ['world'], logEvery: 5, warmupSteps: 1, evalBatches: 1 },
      ],
    });
    const back = planFromRecipe(recipe);
    expect(back.form.instruct.enabled).toBe(false);
    expect(back.form.pretrain.mixOn).toBe(false);
    expect(back.notCarried).toEqual(['model.nLayer: 1 → (none)', 'stages.0.logEvery: 5 → 2']);
  });
});
