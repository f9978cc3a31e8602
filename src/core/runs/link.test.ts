import { describe, expect, it } from 'vitest';
import { ShareLinkError, decodeRecipeParam, encodeRecipeParam, readRecipeLink, recipeLink } from './link';
import { bytesToBase64url } from './base64';
import { parseRecipe, RecipeError } from '../recipe/recipe';
import { recipe } from './fixtures.test-util';

function problemsOf(value: string): string[] {
  try {
    decodeRecipeParam(value);
  } catch (e) {
    if (e instanceof ShareLinkError) return e.problems;
    throw e;
  }
  throw new Error('expected a ShareLinkError');
}
const encode = (text: string) => 'j1.' + bytesToBase64url(new TextEncoder().encode(text));

describe('recipe share links', () => {
  it('round-trip a recipe through a full link (defaults filled in, unicode kept)', () => {
    const named = { ...recipe, name: 'Mix ½ — code→text ✓' };
    const link = recipeLink('https://lab.example/app/?backend=wasm#/compare', named);
    expect(link).toMatch(/^https:\/\/lab\.example\/app\/\?backend=wasm#\/train\?recipe=j1\.[A-Za-z0-9_-]+$/);
    const url = new URL(link);
    const read = readRecipeLink({ hash: url.hash, search: url.search });
    expect(read).toEqual({ ok: true, recipe: parseRecipe(named) });
    // the parameter also works in the query string
    expect(readRecipeLink({ hash: '', search: `?recipe=${encodeRecipeParam(named)}` })).toEqual(read);
    expect(readRecipeLink({ hash: '#/train', search: '?backend=wasm' })).toBeNull();
  });

  it('refuse to make a link of an invalid recipe', () => {
    expect(() => encodeRecipeParam({ ...recipe, seed: -1 })).toThrow(RecipeError);
  });

  it('say what is wrong with a bad link', () => {
    expect(problemsOf('abc')[0]).toMatch(/does not start with "j1\."/);
    expect(problemsOf('z9.abc')[0]).toMatch(/encoding "z9"/);
    expect(problemsOf('j1.ab$c')[0]).toMatch(/damaged: not base64url: character "\$" at position 2/);
    expect(problemsOf(encode('{"name": "x", "mod'))[0]).toMatch(/not JSON .*cut short/);
    expect(problemsOf('j1.' + bytesToBase64url(new Uint8Array([0xff, 0xfe])))[0]).toMatch(/damaged/);
  });

  it('name each bad field through the recipe schema', () => {
    const bad = { ...recipe, model: { preset: 'giant' }, stages: [{ ...recipe.stages[0], steps: 0 }] };
    const problems = problemsOf(encode(JSON.stringify(bad)));
    expect(problems.some((p) => p.startsWith('recipe model.preset: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('recipe stages.0.steps: '))).toBe(true);
    const read = readRecipeLink({ hash: `#/train?recipe=${encode(JSON.stringify(bad))}`, search: '' });
    expect(read?.ok).toBe(false);
  });
});
