// What differs between runs' recipes: each recipe is filled in with the schema's defaults (so an
// omitted field and its default compare equal), flattened to dotted paths, and only the paths whose
// values are not all the same are kept. Arrays of plain values are one value (`sources`).
import { parseRecipe } from '../recipe/recipe';

export interface DiffRow {
  path: string;
  /** One per recipe, as short display text; undefined where the recipe lacks the field. */
  values: (string | undefined)[];
}

/** The recipe with defaults filled in, or the raw value when it does not parse. */
function normalised(recipe: unknown): unknown {
  try {
    return parseRecipe(recipe);
  } catch {
    return recipe;
  }
}

const isPlain = (v: unknown) => v === null || typeof v !== 'object';

/** Flattens to path → display text; arrays of plain values and empty containers are leaves. */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (isPlain(value)) {
    out.set(prefix || '(value)', JSON.stringify(value) ?? String(value));
  } else if (Array.isArray(value)) {
    if (value.every(isPlain)) out.set(prefix || '(value)', JSON.stringify(value));
    else value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix || '(value)', '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** Rows for the fields that differ among the recipes (in first-seen path order). */
export function diffRecipes(recipes: readonly unknown[], options: { ignore?: string[] } = {}): DiffRow[] {
  const flat = recipes.map((r) => flatten(normalised(r)));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat)
    for (const p of f.keys())
      if (!seen.has(p)) {
        seen.add(p);
        paths.push(p);
      }
  const ignore = new Set(options.ignore ?? []);
  return paths
    .filter((p) => !ignore.has(p))
    .map((path) => ({ path, values: flat.map((f) => f.get(path)) }))
    .filter((row) => row.values.some((v) => v !== row.values[0]));
}
