// The presets expand into the design the paper asks for: every cell at every seed, recipes that
// parse, one tokenizer for all, tuned arms continuing their pre-training arm's exact recipe, and the
// token budgets the design promises (CODE and the matched controls 8/5 of NL's tokens).
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../recipe/recipe';
import {
  CELL_IDS,
  STUDY_PRESETS,
  STUDY_PRESET_IDS,
  estimateStudy,
  expandStudy,
  orderProblems,
} from './index';

describe.each(STUDY_PRESET_IDS)('study preset %s', (id) => {
  const preset = STUDY_PRESETS[id];
  const arms = expandStudy(preset);

  it('has every cell at every seed (at least three), in an order that runs parents first', () => {
    expect(preset.seeds.length).toBeGreaterThanOrEqual(3);
    expect(arms).toHaveLength(CELL_IDS.length * preset.seeds.length);
    for (const seed of preset.seeds)
      expect(
        arms
          .filter((a) => a.seed === seed)
          .map((a) => a.cell)
          .sort(),
      ).toEqual([...CELL_IDS].sort());
    expect(orderProblems(arms)).toEqual([]);
    expect(orderProblems([...arms].reverse()).length).toBeGreaterThan(0);
  });

  it('gives recipes that parse, all with one tokenizer', () => {
    const tokenizers = new Set(arms.map((a) => JSON.stringify(parseRecipe(a.recipe).tokenizer)));
    expect(tokenizers.size).toBe(1);
    const [tok] = arms.map((a) => parseRecipe(a.recipe).tokenizer);
    expect(tok.sources).toEqual([...preset.textSources, ...preset.codeSources]);
  });

  it('tuned arms continue their parent: the parent recipe is their prefix, seed and model equal', () => {
    const byId = new Map(arms.map((a) => [a.id, a]));
    for (const arm of arms.filter((a) => a.initFrom)) {
      const parent = parseRecipe(byId.get(arm.initFrom!)!.recipe);
      const child = parseRecipe(arm.recipe);
      expect(child.stages.slice(0, parent.stages.length)).toEqual(parent.stages);
      expect([child.seed, child.model, child.tokenizer]).toEqual([
        parent.seed,
        parent.model,
        parent.tokenizer,
      ]);
      expect(child.stages.at(-1)!.kind).toBe('instruct');
    }
  });

  it('budgets: CODE, NL-tok, NL-5x and the schedule arms see 8/5 of NL’s tokens; tuning arms only their own', () => {
    const seed1 = Object.fromEntries(arms.filter((a) => a.seed === preset.seeds[0]).map((a) => [a.cell, a]));
    const nl = seed1.NL.tokens;
    for (const cell of ['CODE', 'NL-tok', 'NL-5x', 'CODE-inc', 'CODE-dec'])
      expect(seed1[cell].tokens / nl).toBeCloseTo(8 / 5, 1);
    const it = preset.instruct;
    const T = seed1.NN.recipe.model.blockSize!;
    for (const cell of ['NN', 'NC', 'CN', 'CC', 'CC-inc', 'CC-dec'])
      expect(seed1[cell].tokens).toBe(it.steps * it.batchSize * T);
    const ratio = seed1['NL-5x'].params / seed1.NL.params;
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(7);
  });

  it('states its expected wall time on at least one backend', () => {
    const estimates = estimateStudy(preset);
    expect(estimates.length).toBeGreaterThan(0);
    for (const e of estimates) expect(e.totalSeconds).toBeGreaterThan(0);
  });
});
