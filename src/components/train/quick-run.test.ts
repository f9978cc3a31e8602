// The quick run's recipe passes the recipe validator for every preset, mixes only when both kinds
// are chosen, and starts from the shipped world text and snippet code.
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../core/config/model';
import { parseRecipe } from '../../core/recipe/recipe';
import type { CorpusInfo } from '../../contract/train';
import { defaultSources, quickRecipe } from './quick-run';

const corpus = (name: string, kind: CorpusInfo['kind']): CorpusInfo => ({
  name,
  kind,
  licence: 'MIT',
  bytes: 1000,
  documents: 10,
});
const corpora = [
  corpus('wordnet', 'text'),
  corpus('world', 'text'),
  corpus('lodash', 'code'),
  corpus('30-seconds-of-code', 'code'),
];

describe('quick run', () => {
  it('starts from world and 30-seconds-of-code, else the first of each kind', () => {
    expect(defaultSources(corpora)).toEqual(['world', '30-seconds-of-code']);
    expect(defaultSources([corpus('a', 'code'), corpus('b', 'text')])).toEqual(['b', 'a']);
    expect(defaultSources([corpus('b', 'text')])).toEqual(['b']);
  });

  it('builds a valid recipe for every preset, logging every other step and evaluating at the end', () => {
    for (const preset of PRESET_NAMES) {
      const r = parseRecipe(
        quickRecipe({ preset, steps: 50, batchSize: 4, sources: ['world', 'lodash'] }, corpora),
      );
      expect(r.model.preset).toBe(preset);
      expect(r.stages).toHaveLength(1);
      expect(r.stages[0]).toMatchObject({
        steps: 50,
        batchSize: 4,
        logEvery: 2,
        evalEvery: 50,
        warmupSteps: 5,
      });
      expect(r.stages[0].mix).toEqual({ type: 'fixed', code: 0.3 });
    }
  });

  it('leaves the mix to the sources when only one kind is chosen, and needs a source', () => {
    const r = parseRecipe(
      quickRecipe({ preset: 'nano', steps: 3, batchSize: 2, sources: ['world'] }, corpora),
    );
    expect(r.stages[0].mix).toBeUndefined();
    expect(r.stages[0].warmupSteps).toBe(0);
    expect(() => quickRecipe({ preset: 'nano', steps: 3, batchSize: 2, sources: [] }, corpora)).toThrow(
      /at least one source/,
    );
  });
});
