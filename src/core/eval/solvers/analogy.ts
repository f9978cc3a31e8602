// Independent solver for analogy items: looks the question's pairs up in the world's relation tables
// (src/core/world, for the item's split) and picks the option that stands in the same relation; for
// morphology it learns the suffix change from the example pair ("box" → "boxes": add "es") and
// applies it. It never sees which relation the generator chose.
import { relations } from '../../world';
import type { Item } from '../types';

type Facts = Set<string>;
const fact = (rel: string, a: string, b: string) => `${rel}\u0000${a}\u0000${b}`;

function factsOf(item: Item): { facts: Facts; names: string[] } {
  const facts: Facts = new Set();
  const names = new Set<string>();
  for (const r of relations(item.split)) {
    facts.add(fact(r.rel, r.a, r.b));
    names.add(r.rel);
  }
  return { facts, names: [...names] };
}

/** Relations (with direction) that take a to b: "young-of" or "~young-of" (reversed). */
function linking(facts: Facts, names: string[], a: string, b: string): string[] {
  return names.flatMap((r) => [
    ...(facts.has(fact(r, a, b)) ? [r] : []),
    ...(facts.has(fact(r, b, a)) ? [`~${r}`] : []),
  ]);
}
const holds = (facts: Facts, rel: string, a: string, b: string) =>
  rel.startsWith('~') ? facts.has(fact(rel.slice(1), b, a)) : facts.has(fact(rel, a, b));

/** Apply the suffix change that turns `a` into `b` to `c` (undefined if `c` lacks the suffix). */
export function suffixAnalogy(a: string, b: string, c: string): string | undefined {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  const [cut, add] = [a.slice(p), b.slice(p)];
  if (!c.endsWith(cut)) return undefined;
  return c.slice(0, c.length - cut.length) + add;
}

function only(item: Item, matches: number[]): number {
  if (matches.length !== 1) throw new Error(`analogy solver: ${matches.length} options fit ${item.id}`);
  return matches[0];
}

export function solveAnalogy(item: Item): number {
  const { facts, names } = factsOf(item);
  const [left, right] = item.question.split(' :: ');
  const terms = left.split(' : ');
  const pairs = item.options.map((o) => o.split(' : '));
  const indices = item.options.map((_, i) => i);
  if (terms.length === 3) {
    // a : b : c :: d : ? : ?  — two composed relations
    const [a, b, c] = terms;
    const d = right.split(' : ')[0];
    const r1 = linking(facts, names, a, b);
    const r2 = linking(facts, names, b, c);
    return only(
      item,
      indices.filter(
        (i) =>
          r1.some((x) => holds(facts, x, d, pairs[i][0])) &&
          r2.some((y) => holds(facts, y, pairs[i][0], pairs[i][1])),
      ),
    );
  }
  const [a, b] = terms;
  const rels = linking(facts, names, a, b).filter((r) => !r.startsWith('~'));
  if (right === '?')
    return only(
      item,
      indices.filter((i) => rels.some((r) => holds(facts, r, pairs[i][0], pairs[i][1]))),
    );
  const c = right.replace(/ : \?$/, '');
  if (rels.length > 0)
    return only(
      item,
      indices.filter((i) => rels.some((r) => holds(facts, r, c, item.options[i]))),
    );
  const morph = suffixAnalogy(a, b, c);
  return only(
    item,
    indices.filter((i) => item.options[i] === morph),
  );
}
