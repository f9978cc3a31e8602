// The stage plan's recipe: the defaults make a valid two-stage recipe; the schedules, arms and
// switches land where the recipe schema expects them; bad values come back as problems naming the
// field, and problemsFor finds them by path.
import { describe, expect, it } from 'vitest';
import { countParameters, PRESETS } from '../../core/config/model';
import type { CorpusInfo } from '../../contract/train';
import { checkPlan, defaultPlan, parametersOf, planRecipe, problemPath, problemsFor } from './plan-recipe';

const corpora: CorpusInfo[] = [
  { name: 'world', kind: 'text', licence: 'CC0', bytes: 1, documents: 1 },
  { name: '30-seconds-of-code', kind: 'code', licence: 'CC0', bytes: 1, documents: 1 },
];

function plan() {
  const f = defaultPlan();
  f.pretrain.sources = ['world', '30-seconds-of-code'];
  return f;
}

describe('stage plan → recipe', () => {
  it('makes a valid two-stage recipe by default: paper stepwise increase, then the code arm', () => {
    const check = checkPlan(plan(), corpora);
    expect(check.problems).toEqual([]);
    if (!check.ok) return;
    const [pre, it] = check.recipe.stages;
    expect(check.recipe.name).toBe('nano-stepwise-increase-it-code');
    expect(check.recipe.tokenizer.vocabSize).toBe(300);
    expect(pre).toMatchObject({
      kind: 'pretrain',
      steps: 200,
      sources: ['world', '30-seconds-of-code'],
      mix: { type: 'paper', strategy: 'stepwise-increase' },
      logEvery: 2,
      sampleEvery: 50,
      checkpointEvery: 100,
      warmupSteps: 20,
    });
    expect(it).toMatchObject({ kind: 'instruct', arm: 'code', steps: 100, codeShare: 0.3, examples: 400 });
    expect(it.mix).toBeUndefined();
  });

  it('leaves out what is switched off, and never schedules the text arm', () => {
    const f = plan();
    f.pretrain.mixOn = false;
    f.instruct.arm = 'text';
    f.instruct.mixOn = true;
    const r = planRecipe(f);
    expect(r.stages[0].mix).toBeUndefined();
    expect(r.stages[1].mix).toBeUndefined();
    f.instruct.enabled = false;
    expect(planRecipe(f).stages).toHaveLength(1);
    f.instruct.enabled = true;
    f.instruct.arm = 'code';
    expect(planRecipe(f).stages[1].mix).toEqual({ type: 'paper', strategy: 'stepwise-decrease' });
  });

  it('names the bad fields', () => {
    const f = plan();
    f.vocabSize = 100;
    f.pretrain.steps = 0;
    f.pretrain.mix = { ...f.pretrain.mix, strategy: 'fixed', code: 1.5 };
    f.pretrain.sources = ['world', 'nope'];
    const check = checkPlan(f, corpora);
    expect(check.ok).toBe(false);
    expect(problemsFor(check.problems, 'tokenizer.vocabSize')).toHaveLength(1);
    expect(problemsFor(check.problems, 'stages.0.steps')).toHaveLength(1);
    expect(problemsFor(check.problems, 'stages.0.mix')).toHaveLength(1);
    expect(problemsFor(check.problems, 'stages.0.sources')).toEqual([
      'stages.0.sources.1: "nope" is not a corpus the engine lists',
    ]);
    expect(problemsFor(check.problems, 'stages.1')).toEqual([]);
  });

  it('needs a source', () => {
    const f = defaultPlan();
    expect(problemsFor(checkPlan(f).problems, 'stages.0.sources').length).toBeGreaterThan(0);
  });

  it('finds problem paths', () => {
    expect(problemPath('stages.0.mix.points[1][0] (progress) must be a share')).toBe(
      'stages.0.mix.points[1][0]',
    );
    expect(problemPath('stages.1.steps: Too small')).toBe('stages.1.steps');
    expect(problemsFor(['stages.0.mix.points[1][0] (progress) bad'], 'stages.0.mix')).toHaveLength(1);
    expect(problemsFor(['stages.0.mixer: x'], 'stages.0.mix')).toHaveLength(0);
  });

  it('counts parameters with the chosen vocabulary', () => {
    expect(parametersOf('nano', 256)).toBe(countParameters(PRESETS.nano));
    // The tied embedding grows by nEmbd per extra token.
    expect(parametersOf('nano', 300) - parametersOf('nano', 256)).toBe(44 * PRESETS.nano.nEmbd);
  });
});
