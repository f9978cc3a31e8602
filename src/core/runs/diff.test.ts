import { describe, expect, it } from 'vitest';
import { diffRecipes, flatten } from './diff';
import { recipe } from './fixtures.test-util';

describe('recipe diff', () => {
  it('lists only the fields that differ, with defaults filled in', () => {
    const b = {
      ...recipe,
      name: 'nano-b',
      stages: [
        {
          ...recipe.stages[0],
          sources: ['world', 'code'],
          mix: { type: 'fixed', code: 0.5 },
          weightDecay: 0.1,
        },
      ],
    };
    const rows = diffRecipes([recipe, b]);
    expect(rows).toEqual([
      { path: 'name', values: ['"nano-a"', '"nano-b"'] },
      { path: 'stages.0.sources', values: ['["world"]', '["world","code"]'] },
      { path: 'stages.0.mix.type', values: [undefined, '"fixed"'] },
      { path: 'stages.0.mix.code', values: [undefined, '0.5'] },
    ]);
    // weightDecay 0.1 is the default: not a difference
    expect(rows.some((r) => r.path.endsWith('weightDecay'))).toBe(false);
  });

  it('is empty for identical recipes and can ignore fields', () => {
    expect(diffRecipes([recipe, structuredClone(recipe)])).toEqual([]);
    expect(diffRecipes([recipe, { ...recipe, name: 'x' }], { ignore: ['name'] })).toEqual([]);
  });

  it('flattens nested objects and arrays of objects by index', () => {
    expect([...flatten({ a: { b: [1, 2], c: [{ d: null }] }, e: {} })]).toEqual([
      ['a.b', '[1,2]'],
      ['a.c.0.d', 'null'],
      ['e', '{}'],
    ]);
  });

  it('compares more than two recipes (a field differs if any run differs)', () => {
    const rows = diffRecipes([recipe, recipe, { ...recipe, seed: 9 }]);
    expect(rows).toEqual([{ path: 'seed', values: ['3', '3', '9'] }]);
  });
});
