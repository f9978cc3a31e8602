// A recipe as a share link: the URL's hash holds it (`#/train?recipe=j1.<base64url of its JSON>`), so
// it never reaches a server. `j1` names the encoding, leaving room for a compressed one later.
// Reading a link checks it fully and says what is wrong: the encoding, the JSON, or (through the
// recipe schema) each bad field by name.
import { RecipeError, parseRecipe, type Recipe } from '../recipe/recipe';
import { base64urlToBytes, bytesToBase64url } from './base64';

export const RECIPE_PARAM = 'recipe';
const PREFIX = 'j1.';
/** Longest `recipe` value read (a recipe is a few hundred bytes; this is generous). */
export const MAX_LINK_CHARS = 20_000;

export class ShareLinkError extends Error {
  constructor(readonly problems: string[]) {
    super(`This share link's recipe cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ShareLinkError';
  }
}

/** The `recipe` parameter's value for a recipe (it is checked first: a link never holds a bad recipe). */
export function encodeRecipeParam(recipe: unknown): string {
  const checked = parseRecipe(recipe);
  return PREFIX + bytesToBase64url(new TextEncoder().encode(JSON.stringify(checked)));
}

/** A full link: `base` (origin, path and query, e.g. `https://x/lab/?backend=wasm`) + the train page's hash. */
export function recipeLink(base: string, recipe: unknown): string {
  return `${base.replace(/#.*$/, '')}#/train?${RECIPE_PARAM}=${encodeRecipeParam(recipe)}`;
}

/** Reads a `recipe` parameter's value; throws ShareLinkError saying what is wrong. */
export function decodeRecipeParam(value: string): Recipe {
  if (value.length > MAX_LINK_CHARS)
    throw new ShareLinkError([
      `the recipe in the link is ${value.length} characters long (at most ${MAX_LINK_CHARS})`,
    ]);
  if (!value.startsWith(PREFIX)) {
    const tag = value.split('.')[0];
    throw new ShareLinkError([
      value.includes('.')
        ? `the link uses the encoding "${tag}", which this lab does not know (it reads "${PREFIX.slice(0, -1)}")`
        : `the recipe in the link does not start with "${PREFIX}" (was the link cut short or edited?)`,
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64urlToBytes(value.slice(PREFIX.length)));
  } catch (e) {
    throw new ShareLinkError([`the recipe in the link is damaged: ${(e as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ShareLinkError([
      `the recipe in the link is not JSON (${(e as Error).message}): was the link cut short?`,
    ]);
  }
  try {
    return parseRecipe(json);
  } catch (e) {
    if (e instanceof RecipeError) throw new ShareLinkError(e.problems.map((p) => `recipe ${p}`));
    throw e;
  }
}

/** The `recipe` parameter of a URL, looked for in the hash's query and then the search; null if none. */
export function recipeParamOf(url: { hash: string; search: string }): string | null {
  const hashQuery = url.hash.includes('?') ? url.hash.slice(url.hash.indexOf('?') + 1) : '';
  return (
    new URLSearchParams(hashQuery).get(RECIPE_PARAM) ?? new URLSearchParams(url.search).get(RECIPE_PARAM)
  );
}

export type LinkRecipe = { ok: true; recipe: Recipe } | { ok: false; problems: string[] } | null;

/** What a URL's share link holds: a checked recipe, the problems, or null when it has no link. */
export function readRecipeLink(url: { hash: string; search: string }): LinkRecipe {
  const value = recipeParamOf(url);
  if (value === null) return null;
  try {
    return { ok: true, recipe: decodeRecipeParam(value) };
  } catch (e) {
    if (e instanceof ShareLinkError) return { ok: false, problems: e.problems };
    throw e;
  }
}
