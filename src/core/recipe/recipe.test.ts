import { describe, expect, it } from 'vitest';
import { modelConfigOf, parseRecipe, RecipeError } from './recipe';

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
