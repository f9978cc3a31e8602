// Independent solver for entailment items: parses the English premise and hypothesis (not the
// generator's data) into constraints over a few finite variables — where each person is, whether they
// carry the thing, how many of each food they have, the colour of their things, the animal they saw,
// the state of each object, their rank by height or age — then enumerates every assignment. The
// hypothesis is entailed if it holds in every world the premise allows, contradicted if in none,
// neutral otherwise. World knowledge comes from the shared vocabulary (animal classes, opposites).
import { ANIMALS, FOODS, NUMBER_WORDS, OPPOSITES, plural } from '../../world';
import type { AnyItem } from '../types';

type Value = string | number;
type World = Record<string, Value>;
type Test = (w: World) => boolean;

/** How a variable's domain is made once the whole item is read. */
type Kind = 'place' | 'bool' | 'count' | 'colour' | 'animal' | `prop:${string}` | `rank:${string}`;

interface Parsed {
  test: Test;
  vars: [string, Kind][];
  /** Places and colours the sentence names (they join the domains). */
  places?: string[];
  colours?: string[];
}

const N = '([A-Z][a-z]+)';
const num = (word: string): number => {
  const n = (NUMBER_WORDS as readonly string[]).indexOf(word);
  if (n < 0) throw new Error(`nli solver: not a number word: ${word}`);
  return n;
};
const FOOD_OF = new Map<string, string>(FOODS.flatMap((f) => [[f, f] as const, [plural(f), f] as const]));
const food = (word: string): string | undefined => FOOD_OF.get(word);
const CLASS_OF = new Map(ANIMALS.map((a) => [a.name, a.cls as string]));
const OPPOSITE = new Map(OPPOSITES.flatMap(([a, b]) => [[a, b] as const, [b, a] as const]));
const COMPARATIVE: Record<string, [string, 1 | -1]> = {
  taller: ['tall', 1],
  shorter: ['tall', -1],
  older: ['old', 1],
  younger: ['old', -1],
};

const place = (p: string) => `place.${p}`;
const count = (p: string, f: string) => `count.${p}.${f}`;

/** One sentence → its test; `people` is every name in the item (for "everyone"). */
function parse(s: string, people: string[]): Parsed {
  let m: RegExpMatchArray | null;
  const neg = (t: Test, negated: boolean): Test => (negated ? (w) => !t(w) : t);
  if ((m = s.match(new RegExp(`^${N} is (not )?at (.+)\\.$`)))) {
    const [, p, no, x] = m;
    return { test: neg((w) => w[place(p)] === x, !!no), vars: [[place(p), 'place']], places: [x] };
  }
  if ((m = s.match(new RegExp(`^${N} (and|or) ${N} (?:are|is) at (.+)\\.$`)))) {
    const [, a, op, b, x] = m;
    const test: Test =
      op === 'and'
        ? (w) => w[place(a)] === x && w[place(b)] === x
        : (w) => w[place(a)] === x || w[place(b)] === x;
    return {
      test,
      vars: [
        [place(a), 'place'],
        [place(b), 'place'],
      ],
      places: [x],
    };
  }
  if ((m = s.match(/^Everyone at (.+) has an? (\w+)\.$/))) {
    const [, x, t] = m;
    return {
      test: (w) => people.every((p) => w[place(p)] !== x || w[`has.${p}.${t}`] === 1),
      vars: people.flatMap((p): [string, Kind][] => [
        [place(p), 'place'],
        [`has.${p}.${t}`, 'bool'],
      ]),
      places: [x],
    };
  }
  if ((m = s.match(new RegExp(`^${N} and ${N} have (\\w+) (\\w+) in all\\.$`)))) {
    const [, a, b, n, f] = m;
    const [ka, kb] = [count(a, food(f)!), count(b, food(f)!)];
    return {
      test: (w) => (w[ka] as number) + (w[kb] as number) === num(n),
      vars: [
        [ka, 'count'],
        [kb, 'count'],
      ],
    };
  }
  if ((m = s.match(new RegExp(`^${N} has more (\\w+) than ${N}\\.$`)))) {
    const [, a, f, b] = m;
    const [ka, kb] = [count(a, food(f)!), count(b, food(f)!)];
    return {
      test: (w) => (w[ka] as number) > (w[kb] as number),
      vars: [
        [ka, 'count'],
        [kb, 'count'],
      ],
    };
  }
  if ((m = s.match(new RegExp(`^${N} has (more|fewer) than (\\w+) (\\w+)\\.$`)))) {
    const [, p, dir, n, f] = m;
    const k = count(p, food(f)!);
    const test: Test = dir === 'more' ? (w) => (w[k] as number) > num(n) : (w) => (w[k] as number) < num(n);
    return { test, vars: [[k, 'count']] };
  }
  if ((m = s.match(new RegExp(`^${N} has (some|no) (\\w+)\\.$`))) && food(m[3])) {
    const [, p, q, f] = m;
    const k = count(p, food(f)!);
    return { test: q === 'some' ? (w) => (w[k] as number) > 0 : (w) => w[k] === 0, vars: [[k, 'count']] };
  }
  if ((m = s.match(new RegExp(`^${N} has no (\\w+)\\.$`)))) {
    const k = `has.${m[1]}.${m[2]}`;
    return { test: (w) => w[k] === 0, vars: [[k, 'bool']] };
  }
  if ((m = s.match(new RegExp(`^${N} has (\\w+) (\\w+)\\.$`))) && food(m[3])) {
    const k = count(m[1], food(m[3])!);
    const n = num(m[2]);
    return { test: (w) => w[k] === n, vars: [[k, 'count']] };
  }
  if ((m = s.match(new RegExp(`^${N} has an? (\\w+) (\\w+)\\.$`)))) {
    const [, p, c, t] = m;
    const k = `colour.${p}.${t}`;
    return { test: (w) => w[k] === c, vars: [[k, 'colour']], colours: [c] };
  }
  if ((m = s.match(new RegExp(`^${N} has an? (\\w+)\\.$`)))) {
    const k = `has.${m[1]}.${m[2]}`;
    return { test: (w) => w[k] === 1, vars: [[k, 'bool']] };
  }
  if ((m = s.match(new RegExp(`^${N}'s (\\w+) is (not )?(\\w+)\\.$`)))) {
    const [, p, t, no, c] = m;
    const k = `colour.${p}.${t}`;
    return { test: neg((w) => w[k] === c, !!no), vars: [[k, 'colour']], colours: [c] };
  }
  if ((m = s.match(new RegExp(`^The animal ${N} saw was (not )?an? (\\w+)\\.$`)))) {
    const [, p, no, what] = m;
    const k = `saw.${p}`;
    const isAnimal = CLASS_OF.has(what);
    const t: Test = isAnimal ? (w) => w[k] === what : (w) => CLASS_OF.get(w[k] as string) === what;
    return { test: neg(t, !!no), vars: [[k, 'animal']] };
  }
  if ((m = s.match(/^The (\w+) is (not )?(\w+)\.$/))) {
    const [, n, no, adj] = m;
    if (!OPPOSITE.has(adj)) throw new Error(`nli solver: no opposite known for "${adj}"`);
    const k = `prop.${n}`;
    return { test: neg((w) => w[k] === adj, !!no), vars: [[k, `prop:${adj}`]] };
  }
  if ((m = s.match(new RegExp(`^${N} is (\\w+) than ${N}\\.$`))) && COMPARATIVE[m[2]]) {
    const [, a, word, b] = m;
    const [dim, sign] = COMPARATIVE[word];
    const [ka, kb] = [`rank.${dim}.${a}`, `rank.${dim}.${b}`];
    const test: Test = (w) => sign * ((w[ka] as number) - (w[kb] as number)) > 0;
    return {
      test,
      vars: [
        [ka, `rank:${dim}`],
        [kb, `rank:${dim}`],
      ],
    };
  }
  throw new Error(`nli solver: cannot parse ${JSON.stringify(s)}`);
}

function domainOf(kind: Kind, places: string[], colours: string[], ranks: Map<string, number>): Value[] {
  if (kind === 'place') return [...places, '\u0000elsewhere'];
  if (kind === 'bool') return [0, 1];
  if (kind === 'count') return Array.from({ length: 13 }, (_, i) => i);
  if (kind === 'colour') return [...colours, '\u0000other'];
  if (kind === 'animal') return ANIMALS.map((a) => a.name);
  if (kind.startsWith('prop:')) {
    const adj = kind.slice(5);
    return [adj, OPPOSITE.get(adj)!, '\u0000neither'];
  }
  return Array.from({ length: ranks.get(kind)! }, (_, i) => i);
}

/** The label of a premise / hypothesis pair: 'entailment', 'neutral' or 'contradiction'. */
export function entailment(premise: string, hypothesis: string): 'entailment' | 'neutral' | 'contradiction' {
  const sentences = premise.split(/(?<=\.) /);
  const people = [
    ...new Set([...`${premise} ${hypothesis}`.matchAll(/\b[A-Z][a-z]+\b/g)].map((m) => m[0])),
  ].filter((w) => w !== 'The' && w !== 'Everyone');
  const parsed = [...sentences, hypothesis].map((s) => parse(s, people));
  const places = [...new Set(parsed.flatMap((p) => p.places ?? []))];
  const colours = [...new Set(parsed.flatMap((p) => p.colours ?? []))];
  const kinds = new Map(parsed.flatMap((p) => p.vars));
  const ranks = new Map<string, number>();
  for (const kind of kinds.values())
    if (kind.startsWith('rank:')) ranks.set(kind, (ranks.get(kind) ?? 0) + 1);
  const vars = [...kinds].map(([name, kind]) => ({ name, values: domainOf(kind, places, colours, ranks) }));
  const size = vars.reduce((n, x) => n * x.values.length, 1);
  if (size > 2_000_000) throw new Error(`nli solver: ${size} worlds is too many`);
  const premiseTests = parsed.slice(0, -1).map((p) => p.test);
  const hyp = parsed[parsed.length - 1].test;
  let models = 0;
  let holds = 0;
  const world: World = {};
  const visit = (i: number): void => {
    if (i === vars.length) {
      if (!premiseTests.every((t) => t(world))) return;
      models++;
      if (hyp(world)) holds++;
      return;
    }
    for (const x of vars[i].values) {
      world[vars[i].name] = x;
      visit(i + 1);
    }
  };
  visit(0);
  if (models === 0) throw new Error(`nli solver: the premise is inconsistent: ${premise}`);
  return holds === models ? 'entailment' : holds === 0 ? 'contradiction' : 'neutral';
}

/** The index of the option naming the label the text supports. */
export function solveNli(item: AnyItem): number {
  const label = entailment(item.context, item.question);
  const i = item.options.indexOf(label);
  if (i < 0) throw new Error(`nli solver: ${item.id} has no option "${label}"`);
  return i;
}
