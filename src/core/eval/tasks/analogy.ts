// Analogical reasoning (E-KAR / SAT / BATS mirror, DATA.md §6.4) over the small world's relation
// facts (young-of, lives-in, made-of, sound-of, part-of, tool-for, opposite-of, kind-of; shared real
// words plus the split's invented words). L1 morphology (the wug test: "box : boxes :: dax : ?");
// L2 one relation, "A : B :: C : ?", distractors of the answer's type; L3 E-KAR style "which pair is
// related like A : B", distractors related another way or reversed; L4 three terms over two composed
// relations ("pup : seal : sea :: calf : ? : ?"). solvers/analogy.ts answers from the relation tables.
import type { Rng } from '../../rng';
import { ANIMALS, POOLS, THINGS, plural, relations } from '../../world';
import type { RelationName } from '../../world';
import type { Item, Level, Split } from '../types';
import { itemId, itemRng, pick, pickDistractors, sample, shuffle, shuffleOptions } from '../util';

type Pair = readonly [string, string];
export type RelationTable = Map<RelationName, Pair[]>;

/** All relation facts of a split's world, by relation; `own` holds the facts about the split's invented words. */
export function relationTable(split: Split): RelationTable & { own: Set<string> } {
  const table = Object.assign(new Map() as RelationTable, { own: new Set<string>() });
  for (const r of relations(split)) {
    const list = table.get(r.rel) ?? [];
    list.push([r.a, r.b]);
    table.set(r.rel, list);
    if (r.source === split) table.own.add(`${r.rel}|${r.a}|${r.b}`);
  }
  return table;
}

/** Is this fact about the split's own invented words (so the question is not shared with the other split)? */
const own = (t: { own: Set<string> }, rel: RelationName, p: Pair) => t.own.has(`${rel}|${p[0]}|${p[1]}`);

/** The suffix rule a regular plural follows: '' → 's', '' → 'es', 'y' → 'ies'. */
export function pluralClass(word: string): 's' | 'es' | 'ies' {
  if (/(s|x|z|ch|sh)$/.test(word)) return 'es';
  if (/[^aeiou]y$/.test(word)) return 'ies';
  return 's';
}

function regularNouns(split: Split): string[] {
  const p = POOLS[split];
  const real = [...ANIMALS.map((a) => a.name), ...THINGS.map((t) => t.name)];
  const all = [...p.creatures, ...p.kinds, ...p.objects, ...real].filter((w) => !w.includes(' '));
  const rule = (w: string) => (pluralClass(w) === 'ies' ? `${w.slice(0, -1)}ies` : `${w}${pluralClass(w)}`);
  return all.filter((w) => plural(w) === rule(w));
}

interface Made {
  question: string;
  answer: string;
  distractors: string[];
  steps: string;
  code: string[];
}

function morphology(rng: Rng, split: Split): Made {
  const nouns = regularNouns(split);
  const invented = new Set([...POOLS[split].creatures, ...POOLS[split].kinds, ...POOLS[split].objects]);
  const c = pick(
    rng,
    nouns.filter((w) => invented.has(w)),
  );
  const cls = pluralClass(c);
  const a = pick(
    rng,
    nouns.filter((w) => w !== c && pluralClass(w) === cls),
  );
  const answer = plural(c);
  const wrong = [
    `${c}s`,
    `${c}es`,
    c,
    `${c}en`,
    `${c.slice(0, -1)}ies`,
    plural(
      pick(
        rng,
        nouns.filter((w) => w !== c),
      ),
    ),
  ];
  return {
    question: `${a} : ${plural(a)} :: ${c} : ?`,
    answer,
    distractors: pickDistractors(rng, answer, wrong.slice(0, 3), wrong.slice(3), 3),
    steps: `${plural(a)} is the plural of ${a}, made by ${cls === 'ies' ? 'changing y to ies' : `adding -${cls}`}; the plural of ${c} is made the same way: ${answer}.`,
    code: [
      `const plural = (w) => ${cls === 'ies' ? "w.slice(0, -1) + 'ies'" : `w + '${cls}'`};`,
      `console.log(plural(${JSON.stringify(a)}), plural(${JSON.stringify(c)})); // ${plural(a)} ${answer}`,
    ],
  };
}

const SEMANTIC: RelationName[] = [
  'young-of',
  'lives-in',
  'made-of',
  'sound-of',
  'part-of',
  'tool-for',
  'opposite-of',
  'kind-of',
];
const SAY: Record<RelationName, string> = {
  'young-of': 'the young of',
  'lives-in': 'the home of',
  'made-of': 'what is made into',
  'sound-of': 'the sound of',
  'part-of': 'the whole that has',
  'tool-for': 'what is done with',
  'opposite-of': 'the opposite of',
  'kind-of': 'the kind of',
};

/** Right-hand values of `rel` for `a`. */
const rightOf = (t: RelationTable, rel: RelationName, a: string) =>
  (t.get(rel) ?? []).filter((p) => p[0] === a).map((p) => p[1]);
const holds = (t: RelationTable, rel: RelationName, a: string, b: string) =>
  (t.get(rel) ?? []).some((p) => p[0] === a && p[1] === b);
/** Every relation that holds from a to b. */
const relationsBetween = (t: RelationTable, a: string, b: string) =>
  SEMANTIC.filter((r) => holds(t, r, a, b));

function oneRelation(rng: Rng, split: Split): Made {
  const t = relationTable(split);
  for (;;) {
    const rel = pick(rng, SEMANTIC);
    const pairs = (t.get(rel) ?? []).filter((p) => rightOf(t, rel, p[0]).length === 1 && !p[1].includes(' '));
    if (pairs.length < 4) continue;
    const [ab, cd] = sample(rng, pairs, 2);
    if (!own(t, rel, cd) || ab[1] === cd[1] || relationsBetween(t, ab[0], ab[1]).length !== 1) continue;
    const sameType = [...new Set(pairs.map((p) => p[1]))].filter((x) => !holds(t, rel, cd[0], x));
    const related = SEMANTIC.flatMap((r) => rightOf(t, r, cd[0])).filter(
      (x) => !holds(t, rel, cd[0], x) && !x.includes(' '),
    );
    const distractors = pickDistractors(
      rng,
      cd[1],
      [...related, ...sample(rng, sameType, Math.min(3, sameType.length))],
      shuffle(rng, sameType),
      3,
    );
    return {
      question: `${ab[0]} : ${ab[1]} :: ${cd[0]} : ?`,
      answer: cd[1],
      distractors,
      steps: `${ab[1]} is ${SAY[rel]} ${ab[0]}; ${SAY[rel]} ${cd[0]} is ${cd[1]}.`,
      code: [
        `const rel = { ${JSON.stringify(ab[0])}: ${JSON.stringify(ab[1])}, ${JSON.stringify(cd[0])}: ${JSON.stringify(cd[1])} }; // ${rel}`,
        `console.log(rel[${JSON.stringify(cd[0])}]); // ${cd[1]}`,
      ],
    };
  }
}

const pairText = (p: Pair) => `${p[0]} : ${p[1]}`;

function samePair(rng: Rng, split: Split): Made {
  const t = relationTable(split);
  for (;;) {
    const rel = pick(rng, SEMANTIC);
    const pairs = (t.get(rel) ?? []).filter((p) => relationsBetween(t, p[0], p[1]).length === 1);
    if (pairs.length < 3) continue;
    const [ab, cd] = sample(rng, pairs, 2);
    if (!own(t, rel, cd) || ab[0] === cd[0] || ab[1] === cd[1]) continue;
    const otherRel = pick(
      rng,
      SEMANTIC.filter((r) => r !== rel && (t.get(r) ?? []).length > 0),
    );
    const other = pick(
      rng,
      (t.get(otherRel) ?? []).filter((p) => !holds(t, rel, p[0], p[1])),
    );
    const reversed: Pair = [cd[1], cd[0]];
    const random: Pair = [pick(rng, pairs)[0], pick(rng, t.get(otherRel) ?? [])[1]];
    const wrong = [other, reversed, random].filter((p) => !holds(t, rel, p[0], p[1])).map(pairText);
    if (new Set(wrong).size !== 3 || wrong.includes(pairText(cd))) continue;
    return {
      question: `${ab[0]} : ${ab[1]} :: ?`,
      answer: pairText(cd),
      distractors: wrong,
      steps: `${ab[1]} is ${SAY[rel]} ${ab[0]}; only in ${pairText(cd)} is the second word ${SAY[rel]} the first.`,
      code: [
        `const isRel = (a, b) => ${JSON.stringify((t.get(rel) ?? []).filter((p) => p[0] === ab[0] || p[0] === cd[0]).map(pairText))}.includes(a + ' : ' + b); // ${rel}`,
        `console.log(isRel(${JSON.stringify(cd[0])}, ${JSON.stringify(cd[1])})); // true`,
      ],
    };
  }
}

/** Two-relation chains a → b → c: the first step may run backwards ("pup" → "seal"). */
const CHAINS: [RelationName, boolean, RelationName][] = [
  ['young-of', true, 'lives-in'],
  ['young-of', true, 'sound-of'],
  ['young-of', true, 'kind-of'],
  ['part-of', false, 'made-of'],
  ['kind-of', false, 'kind-of'],
];

function threeTerms(rng: Rng, split: Split): Made {
  const t = relationTable(split);
  const step = (rel: RelationName, back: boolean, x: string) =>
    (t.get(rel) ?? []).filter((p) => (back ? p[1] : p[0]) === x).map((p) => (back ? p[0] : p[1]));
  for (;;) {
    const [r1, back, r2] = pick(rng, CHAINS);
    const starts = [...new Set((t.get(r1) ?? []).map((p) => (back ? p[1] : p[0])))];
    const unique = starts.filter((x) => {
      const mid = step(r1, back, x);
      return mid.length === 1 && step(r2, false, mid[0]).length === 1;
    });
    if (unique.length < 4) continue;
    const [a, d] = sample(rng, unique, 2);
    const [b, e] = [step(r1, back, a)[0], step(r1, back, d)[0]];
    if (!own(t, r1, back ? [e, d] : [d, e])) continue;
    const [c, f] = [step(r2, false, b)[0], step(r2, false, e)[0]];
    if (b === e || c === f || [b, c].includes(d)) continue;
    const others = unique.filter((x) => x !== d && x !== a).map((x) => step(r1, back, x)[0]);
    const wrongMid = pick(
      rng,
      others.filter((x) => x !== e),
    );
    const wrongEnd = pick(
      rng,
      others.map((x) => step(r2, false, x)[0]).filter((x) => x !== f),
    );
    const wrong = [`${e} : ${wrongEnd}`, `${wrongMid} : ${f}`, `${f} : ${e}`];
    if (new Set([...wrong, `${e} : ${f}`]).size !== 4 || wrongMid === undefined || wrongEnd === undefined)
      continue;
    return {
      question: `${a} : ${b} : ${c} :: ${d} : ? : ?`,
      answer: `${e} : ${f}`,
      distractors: wrong,
      steps: `${b} is ${back ? `the animal whose young is ${a}` : `${SAY[r1]} ${a}`} and ${c} is ${SAY[r2]} ${b}; likewise ${e} goes with ${d} and ${f} is ${SAY[r2]} ${e}.`,
      code: [
        `const first = { ${JSON.stringify(a)}: ${JSON.stringify(b)}, ${JSON.stringify(d)}: ${JSON.stringify(e)} };`,
        `const second = { ${JSON.stringify(b)}: ${JSON.stringify(c)}, ${JSON.stringify(e)}: ${JSON.stringify(f)} };`,
        `console.log(first[${JSON.stringify(d)}] + ' : ' + second[first[${JSON.stringify(d)}]]); // ${e} : ${f}`,
      ],
    };
  }
}

export function generateAnalogy(level: Level, seed: number, split: Split): Item {
  const rng = itemRng('analogy', level, split, seed);
  const made = [morphology, oneRelation, samePair, threeTerms][level - 1](rng, split);
  const { options, answer } = shuffleOptions(rng, made.answer, made.distractors);
  return {
    id: itemId('analogy', level, split, seed),
    task: 'analogy',
    level,
    split,
    format: 'mc',
    variant: ['morphology', 'relation', 'pair', 'three-term'][level - 1],
    context: '',
    question: made.question,
    options,
    answer,
    rationale_text: `${made.steps} Answer: ${made.answer}`,
    rationale_code: made.code.join('\n'),
  };
}
