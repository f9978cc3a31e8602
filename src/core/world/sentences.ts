// Sentence-level building blocks for the world text: a small drawing context (seeded rng, the
// pool's world) and the ways each relation can be said in plain English. There are deliberately
// no analogy-shaped sentences ("a is to b as c is to d"): those are the suite's item format.
import { Rng } from '../rng';
import { capitalise, homePhrase, plural, withArticle } from './grammar';
import type { Person, PoolName } from './pools';
import { THE_HOMES } from './vocab';
import { buildWorld, relations, type Relation, type World } from './world';

/** Everything a document builder draws from. */
export class Ctx {
  readonly rng: Rng;
  readonly world: World;
  readonly facts: readonly Relation[];
  readonly sharedFacts: readonly Relation[];
  readonly poolFacts: readonly Relation[];

  constructor(seed: number, pool: PoolName) {
    this.rng = new Rng(seed);
    this.world = buildWorld(pool);
    this.facts = relations(pool);
    this.sharedFacts = this.facts.filter((f) => f.source === 'shared');
    this.poolFacts = this.facts.filter((f) => f.source !== 'shared');
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Ctx.pick: cannot pick from an empty list');
    return xs[this.rng.int(xs.length)];
  }

  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.rng.int(hi - lo + 1);
  }

  person(): Person {
    return this.pick(this.world.people);
  }

  /** A second person different from `other`. */
  otherPerson(other: Person): Person {
    for (;;) {
      const p = this.person();
      if (p.name !== other.name) return p;
    }
  }

  /** `k` distinct items of `xs` in random order (k <= xs.length). */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, k);
  }
}

/** "barks" → "bark", "buzzes" → "buzz", "screeches" → "screech". */
export function baseVerb(verb3: string): string {
  if (/(ss|sh|ch|x|zz)es$/.test(verb3)) return verb3.slice(0, -2);
  return verb3.replace(/s$/, '');
}

/** One way (drawn from ctx) to say a relation as a sentence. */
export function relationSentence(ctx: Ctx, r: Relation): string {
  const A = withArticle(r.a);
  const v = ctx.rng.int(3);
  switch (r.rel) {
    case 'kind-of':
      if (v === 0) return `${capitalise(A)} is a kind of ${r.b}.`;
      if (v === 1) return `Every ${r.a} is ${withArticle(r.b)}.`;
      return `${capitalise(plural(r.a))} are ${plural(r.b)}.`;
    case 'young-of':
      if (v === 0) return `The young of ${A} is ${withArticle(r.b)}.`;
      if (v === 1) return `A baby ${r.a} is called ${withArticle(r.b)}.`;
      return `${capitalise(withArticle(r.b))} is a young ${r.a}.`;
    case 'sound-of':
      if (v === 0) return `${capitalise(A)} ${r.b}.`;
      if (v === 1) return `${capitalise(plural(r.a))} ${baseVerb(r.b)}.`;
      return `When ${A} makes a sound, it ${r.b}.`;
    case 'lives-in':
      if (v === 0) return `${capitalise(A)} lives in ${homePhrase(r.b)}.`;
      if (v === 1) return `The home of ${A} is ${homePhrase(r.b)}.`;
      return `${capitalise(plural(r.a))} live in ${THE_HOMES.includes(r.b) ? `the ${r.b}` : plural(r.b)}.`;
    case 'made-of':
      if (v === 0) return `${capitalise(A)} is made of ${r.b}.`;
      if (v === 1) return `${capitalise(plural(r.a))} are made of ${r.b}.`;
      return `People make ${plural(r.a)} out of ${r.b}.`;
    case 'part-of':
      if (v === 0) return `${capitalise(A)} is part of ${withArticle(r.b)}.`;
      if (v === 1) return `${capitalise(withArticle(r.b))} has ${A}.`;
      return `You can find ${A} on ${withArticle(r.b)}.`;
    case 'tool-for':
      if (v === 0) return `${capitalise(A)} is a tool for ${r.b}.`;
      if (v === 1) return `People use ${A} for ${r.b}.`;
      return `${capitalise(plural(r.a))} are used for ${r.b}.`;
    case 'opposite-of':
      if (v === 0) return `${capitalise(r.a)} is the opposite of ${r.b}.`;
      if (v === 1) return `The opposite of ${r.a} is ${r.b}.`;
      return `${capitalise(r.b)} is the opposite of ${r.a}.`;
  }
}

/** Joins sentences into one paragraph. */
export function para(sentences: readonly string[]): string {
  return sentences.filter((s) => s.length > 0).join(' ');
}
