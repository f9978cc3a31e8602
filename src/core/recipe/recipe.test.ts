import { describe, expect, it } from 'vitest';
import aboveChance from '../../../cli/fixtures/instruct-above-chance.json';
import { corpusNamesOf, heldoutSourcesOf, modelConfigOf, parseRecipe, RecipeError } from './recipe';

const good = {
  name: 'demo',
  model: { preset: 'nano' },
  tokenizer: { vocabSize: 512 },
  stages: [
    {
      kind: 'pretrain',
      steps: 50,
      sources: ['world', 'lodash'],
      mix: { type: 'paper', strategy: 'stepwise-increase' },
    },
  ],
};

function problems(input: unknown): string {
  try {
    parseRecipe(input);
  } catch (e) {
    expect(e).toBeInstanceOf(RecipeError);
    return (e as Error).message;
  }
  throw new Error('expected the recipe to be rejected');
}

describe('parseRecipe', () => {
  it('fills defaults and builds the model config', () => {
    const r = parseRecipe(good);
    expect(r.seed).toBe(1);
    expect(r.stages[0].batchSize).toBe(16);
    expect(modelConfigOf(r, 517)).toMatchObject({ nLayer: 2, nEmbd: 64, vocabSize: 517 });
    expect(parseRecipe(JSON.stringify(good)).name).toBe('demo');
  });

  it('names the field and the reason for each problem', () => {
    expect(problems({ ...good, model: { preset: 'huge' } })).toMatch(/model\.preset/);
    expect(problems({ ...good, stages: [{ ...good.stages[0], steps: -1 }] })).toMatch(/stages\.0\.steps/);
    expect(problems({ ...good, stages: [{ ...good.stages[0], mix: { type: 'fixed', code: 2 } }] })).toMatch(
      /stages\.0\.mix\.code/,
    );
    expect(problems({ ...good, tokenizer: { vocabSize: 100 } })).toMatch(/tokenizer\.vocabSize/);
    expect(problems({ ...good, colour: 'blue' })).toMatch(/colour/);
    expect(problems({ ...good, model: { preset: 'nano', nHead: 3 } })).toMatch(/divisible/);
    expect(problems('{not json')).toMatch(/not valid JSON/);
    expect(problems({ ...good, stages: [] })).toMatch(/stages/);
    expect(problems({ ...good, stages: [{ ...good.stages[0], warmupSteps: 80 }] })).toMatch(
      /warmupSteps \(80\) exceeds/,
    );
  });
});

describe('instruct stages', () => {
  const instruct = {
    kind: 'instruct',
    arm: 'code',
    steps: 40,
    mix: { type: 'paper', strategy: 'stepwise-decrease' },
  };
  const twoStage = { ...good, stages: [good.stages[0], instruct] };

  it('accepts pretrain then instruct, with the instruct defaults', () => {
    const r = parseRecipe(twoStage);
    const s = r.stages[1];
    expect(s.kind).toBe('instruct');
    if (s.kind !== 'instruct') return;
    expect(s).toMatchObject({ arm: 'code', steps: 40, examples: 2000, codeShare: 0.3, minLrRatio: 0.05 });
    expect(heldoutSourcesOf(r, 1)).toEqual(['world', 'lodash']);
    expect(corpusNamesOf(r)).toEqual(['world', 'lodash']);
    const text = parseRecipe({
      ...twoStage,
      stages: [good.stages[0], { kind: 'instruct', arm: 'text', steps: 25 }],
    });
    expect(text.stages[1]).toMatchObject({ arm: 'text' });
  });

  it('names the field and the reason for each problem', () => {
    const at1 = (extra: Record<string, unknown>) => ({
      ...twoStage,
      stages: [good.stages[0], { ...instruct, ...extra }],
    });
    expect(problems(at1({ arm: 'python' }))).toMatch(/stages\.1\.arm/);
    expect(problems(at1({ steps: 0 }))).toMatch(/stages\.1\.steps/);
    expect(problems(at1({ steps: 2.5 }))).toMatch(/stages\.1\.steps/);
    expect(problems(at1({ sources: ['world'] }))).toMatch(/stages\.1.*sources/);
    expect(problems(at1({ arm: 'text' }))).toMatch(/stages\.1\.mix: the 'text' arm has no code instructions/);
    expect(problems(at1({ codeShare: 0 }))).toMatch(/stages\.1\.mix: codeShare is 0/);
    expect(problems(at1({ heldoutSources: ['wordnet'] }))).toMatch(
      /stages\.1\.heldoutSources\.0: "wordnet" is not a source of an earlier pretrain stage/,
    );
    expect(problems(at1({ warmupSteps: 41 }))).toMatch(/stages\.1\.warmupSteps \(41\) exceeds/);
    expect(problems({ ...good, stages: [{ ...good.stages[0], kind: 'finetune' }] })).toMatch(
      /stages\.0\.kind/,
    );
  });

  it('takes family weights (absent by default) and names a bad family or an all-zero set', () => {
    expect(parseRecipe(twoStage).stages[1]).not.toHaveProperty('families');
    const only = parseRecipe({
      ...twoStage,
      stages: [good.stages[0], { ...instruct, families: { logic: 3, general: 1 } }],
    });
    expect(only.stages[1]).toMatchObject({ families: { logic: 3, general: 1 } });
    const at1 = (families: unknown) => ({
      ...twoStage,
      stages: [good.stages[0], { ...instruct, families }],
    });
    expect(problems(at1({ logik: 1 }))).toMatch(/stages\.1\.families/);
    expect(problems(at1({ logic: -1 }))).toMatch(/stages\.1\.families\.logic/);
    expect(problems(at1({ logic: 0, analogy: 0 }))).toMatch(
      /stages\.1\.families: no family has a positive weight/,
    );
  });

  it('accepts the above-chance fixture (docs/runs): pretrain, then the code arm on two families', () => {
    const r = parseRecipe(aboveChance);
    expect(r.stages.map((s) => s.kind)).toEqual(['pretrain', 'instruct']);
    expect(r.stages[1]).toMatchObject({ arm: 'code', families: { logic: 1, analogy: 1 } });
  });

  it('refuses an instruct stage first: it needs a pre-trained model and tokenizer', () => {
    expect(problems({ ...good, stages: [instruct] })).toMatch(
      /stages\.0\.kind: an 'instruct' stage fine-tunes/,
    );
  });
});
