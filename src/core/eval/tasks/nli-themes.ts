// The entailment task's themes about people's situations: each builds a premise and a hypothesis with
// a chosen label. Where people are (one place at a time; disjunction and a universal rule at L4), how
// many of a food someone has (exact numbers, "more/fewer than", "some", sums), and the colour of
// someone's thing. The world-knowledge themes are in nli-themes-world.ts. Every sentence carries its
// meaning as code.
import type { Rng } from '../../rng';
import { COLOURS, FOODS, numberWord, plural, withArticle } from '../../world';
import type { Level } from '../types';
import { between, pick, sample, shuffle } from '../util';
import { not, range, sentence, v, type Built, type Domains, type NliLabel, type Sentence } from './nli-build';

export const NLI_PLACES = [
  'the park',
  'the beach',
  'the market',
  'the zoo',
  'the library',
  'the bakery',
  'the lake',
  'the farm',
  'school',
];
/** Things a person has one of, with a colour (the colour theme). */
export const NLI_OWNED = ['kite', 'ball', 'drum', 'bike', 'scarf', 'bag', 'cap'];
/** Things people at a place carry (the quantifier theme); disjoint from NLI_OWNED. */
export const NLI_CARRIED = ['umbrella', 'ticket', 'map', 'lamp', 'basket', 'whistle'];
export type Theme = (rng: Rng, level: Level, label: NliLabel, people: string[]) => Built;

const q = JSON.stringify;

// ---- where people are --------------------------------------------------------------------------

const placeVar = (p: string) => v(`place.${p}`);
const at = (p: string, x: string) => sentence(`${p} is at ${x}.`, `${placeVar(p)} === ${q(x)}`);
const notAt = (p: string, x: string) => not(at(p, x), `${p} is not at ${x}.`);
const bothAt = (a: string, b: string, x: string) =>
  sentence(`${a} and ${b} are at ${x}.`, `${at(a, x).js} && ${at(b, x).js}`);
const eitherAt = (a: string, b: string, x: string) =>
  sentence(`${a} or ${b} is at ${x}.`, `(${at(a, x).js} || ${at(b, x).js})`);
const hasVar = (p: string) => v(`has.${p}`);
const has = (p: string, t: string) => sentence(`${p} has ${withArticle(t)}.`, `${hasVar(p)} === 1`);
const hasNo = (p: string, t: string) => not(has(p, t), `${p} has no ${t}.`);

function placeDomains(people: string[], places: string[], carried = false): Domains {
  const d: Domains = {};
  for (const p of people) d[`place.${p}`] = [...places, 'elsewhere'];
  if (carried) for (const p of people) d[`has.${p}`] = [0, 1];
  return d;
}

export const location: Theme = (rng, level, label, people) => {
  const [a, b, c] = people;
  const [x, y, z] = sample(rng, NLI_PLACES, 3);
  const one = 'A person is in one place at a time';
  if (level === 1) {
    const premise = [label === 'entailment' || rng.next() < 0.5 ? bothAt(a, b, x) : at(a, x)];
    const who = premise[0].text.includes(' and ') ? pick(rng, [a, b]) : a;
    const [hypothesis, why] =
      label === 'entailment'
        ? [at(who, x), `${who} is one of the people at ${x}.`]
        : label === 'contradiction'
          ? [at(who, y), `${who} is at ${x}. ${one}, so ${who} is not at ${y}.`]
          : [at(c, x), `The text says nothing about where ${c} is.`];
    return { premise, hypothesis, label, why, domains: placeDomains([a, b, c], [x, y]) };
  }
  if (level === 2) {
    const flip = rng.next() < 0.5;
    const [premise, hypothesis, why]: [Sentence[], Sentence, string] =
      label === 'entailment'
        ? [[at(a, x)], notAt(a, y), `${a} is at ${x}. ${one}, so ${a} is not at ${y}.`]
        : label === 'contradiction'
          ? flip
            ? [[notAt(a, x)], at(a, x), `The text says ${a} is not at ${x}.`]
            : [[at(a, x)], notAt(a, x), `The text says ${a} is at ${x}.`]
          : [[notAt(a, x)], at(a, y), `${a} is not at ${x}, but that does not say whether ${a} is at ${y}.`];
    return { premise, hypothesis, label, why, domains: placeDomains([a], [x, y]) };
  }
  if (level === 3) {
    const premise = shuffle(rng, [at(a, x), at(b, y), ...(rng.next() < 0.5 ? [notAt(c, z)] : [])]);
    const [hypothesis, why] =
      label === 'entailment'
        ? pick(rng, [
            [notAt(a, y), `${a} is at ${x}; ${b} is the one at ${y}. ${one}, so ${a} is not at ${y}.`],
            [notAt(b, x), `${b} is at ${y}. ${one}, so ${b} is not at ${x}.`],
          ] as const)
        : label === 'contradiction'
          ? pick(rng, [
              [at(a, y), `${a} is at ${x}, not at ${y} (${b} is at ${y}).`],
              [at(b, x), `${b} is at ${y}, not at ${x} (${a} is at ${x}).`],
            ] as const)
          : [at(c, pick(rng, [x, y])), `The text does not say where ${c} is.`];
    return { premise, hypothesis, label, why, domains: placeDomains([a, b, c], [x, y, z]) };
  }
  if (rng.next() < 0.5) {
    // disjunctive syllogism
    const premise = label === 'neutral' ? [eitherAt(a, b, x), notAt(a, y)] : [eitherAt(a, b, x), at(a, y)];
    const [hypothesis, why] =
      label === 'entailment'
        ? [at(b, x), `${a} is at ${y}, so ${a} is not at ${x}; then ${b} must be the one at ${x}.`]
        : label === 'contradiction'
          ? [
              pick(rng, [notAt(b, x), at(b, z)]),
              `${a} is at ${y}, so ${b} must be the one at ${x}, and ${b} can be nowhere else.`,
            ]
          : [at(b, x), `${a} is not at ${y}, so ${a} may still be the one at ${x}; ${b} may or may not be.`];
    return { premise, hypothesis, label, why, domains: placeDomains([a, b], [x, y, z]) };
  }
  // everyone at a place carries something
  const t = pick(rng, NLI_CARRIED);
  const rule = sentence(
    `Everyone at ${x} has ${withArticle(t)}.`,
    [a, b].map((p) => `(${placeVar(p)} !== ${q(x)} || ${hasVar(p)} === 1)`).join(' && '),
  );
  const premise = [rule, ...shuffle(rng, [at(a, x), at(b, y)])];
  const [hypothesis, why] =
    label === 'entailment'
      ? [has(a, t), `${a} is at ${x}, and everyone there has ${withArticle(t)}.`]
      : label === 'contradiction'
        ? [hasNo(a, t), `${a} is at ${x}, and everyone there has ${withArticle(t)}.`]
        : [
            pick(rng, [has(b, t), hasNo(b, t)]),
            `${b} is at ${y}, not at ${x}: the rule says nothing about ${b}.`,
          ];
  return { premise, hypothesis, label, why, domains: placeDomains([a, b], [x, y], true) };
};

// ---- how many --------------------------------------------------------------------------------

const countVar = (p: string, f: string) => v(`count.${p}.${f}`);
const amount = (n: number, food: string) => `${numberWord(n)} ${n === 1 ? food : plural(food)}`;
const hasN = (p: string, n: number, f: string) =>
  sentence(`${p} has ${amount(n, f)}.`, `${countVar(p, f)} === ${n}`);
const moreThan = (p: string, n: number, f: string) =>
  sentence(`${p} has more than ${amount(n, f)}.`, `${countVar(p, f)} > ${n}`);
const fewerThan = (p: string, n: number, f: string) =>
  sentence(`${p} has fewer than ${amount(n, f)}.`, `${countVar(p, f)} < ${n}`);
const some = (p: string, f: string) => sentence(`${p} has some ${plural(f)}.`, `${countVar(p, f)} > 0`);
const none = (p: string, f: string) => sentence(`${p} has no ${plural(f)}.`, `${countVar(p, f)} === 0`);
const moreOf = (p: string, o: string, f: string) =>
  sentence(`${p} has more ${plural(f)} than ${o}.`, `${countVar(p, f)} > ${countVar(o, f)}`);
const inAll = (a: string, b: string, n: number, f: string) =>
  sentence(`${a} and ${b} have ${amount(n, f)} in all.`, `${countVar(a, f)} + ${countVar(b, f)} === ${n}`);

function countDomains(keys: [string, string][]): Domains {
  return Object.fromEntries(keys.map(([p, f]) => [`count.${p}.${f}`, range(0, 12)]));
}

export const count: Theme = (rng, level, label, people) => {
  const [a, b, c] = people;
  const [f, g] = sample(rng, FOODS, 2);
  if (level <= 2) {
    const n = between(rng, 3, 7);
    const premise = [hasN(a, n, f)];
    const [hypothesis, why]: [Sentence, string] =
      label === 'entailment'
        ? pick(rng, [
            [moreThan(a, between(rng, 1, n - 1), f), `${a} has exactly ${numberWord(n)}.`],
            [fewerThan(a, between(rng, n + 1, 10), f), `${a} has exactly ${numberWord(n)}.`],
            [some(a, f), `${a} has ${numberWord(n)}, which is some.`],
          ] as const)
        : label === 'contradiction'
          ? pick(rng, [
              [hasN(a, pick(rng, [n - 1, n + 1, n + 2]), f), `${a} has exactly ${numberWord(n)}.`],
              [moreThan(a, between(rng, n, 10), f), `${a} has only ${numberWord(n)}.`],
              [fewerThan(a, between(rng, 2, n), f), `${a} has ${numberWord(n)}.`],
              [none(a, f), `${a} has ${numberWord(n)}.`],
            ] as const)
          : pick(rng, [
              [hasN(b, n, f), `The text says nothing about ${b}.`],
              [hasN(a, n, g), `The text says nothing about ${a}'s ${plural(g)}.`],
            ] as const);
    const keys: [string, string][] = [
      [a, f],
      [b, f],
      [a, g],
    ];
    return { premise, hypothesis, label, why, domains: countDomains(keys) };
  }
  const n = between(rng, 2, 6);
  let m = between(rng, 2, 6);
  if (m === n) m = n === 6 ? 5 : n + 1;
  const [hi, lo] = n > m ? [a, b] : [b, a];
  if (level === 3) {
    const premise = shuffle(rng, [hasN(a, n, f), hasN(b, m, f)]);
    const [hypothesis, why]: [Sentence, string] =
      label === 'entailment'
        ? [moreOf(hi, lo, f), `${numberWord(Math.max(n, m))} is more than ${numberWord(Math.min(n, m))}.`]
        : label === 'contradiction'
          ? pick(rng, [
              [
                moreOf(lo, hi, f),
                `${numberWord(Math.min(n, m))} is not more than ${numberWord(Math.max(n, m))}.`,
              ],
              [hasN(a, m, f), `${a} has ${numberWord(n)}; ${b} is the one with ${numberWord(m)}.`],
            ] as const)
          : pick(rng, [
              [moreOf(a, c, f), `The text says nothing about ${c}'s ${plural(f)}.`],
              [hasN(c, n, f), `The text says nothing about ${c}.`],
            ] as const);
    const keys: [string, string][] = [
      [a, f],
      [b, f],
      [c, f],
    ];
    return { premise, hypothesis, label, why, domains: countDomains(keys) };
  }
  const keys: [string, string][] = [
    [a, f],
    [b, f],
  ];
  if (label === 'neutral') {
    const k = between(rng, 1, 3);
    return {
      premise: [hasN(a, n, f), some(b, f)],
      hypothesis: inAll(a, b, n + k, f),
      label,
      why: `${b} has some, but the text does not say how many, so the total is unknown.`,
      domains: countDomains(keys),
    };
  }
  const total = n + m;
  const wrong = total >= 12 ? total - pick(rng, [1, 2]) : total + pick(rng, [-1, 1]);
  return {
    premise: shuffle(rng, [hasN(a, n, f), hasN(b, m, f)]),
    hypothesis: inAll(a, b, label === 'entailment' ? total : wrong, f),
    label,
    why: `${numberWord(n)} and ${numberWord(m)} make ${numberWord(total)} in all.`,
    domains: countDomains(keys),
  };
};

// ---- colours ---------------------------------------------------------------------------------

const colourVar = (p: string, t: string) => v(`colour.${p}.${t}`);
const hasColoured = (p: string, c: string, t: string) =>
  sentence(`${p} has ${withArticle(c)} ${t}.`, `${colourVar(p, t)} === ${q(c)}`);
const isColour = (p: string, t: string, c: string) =>
  sentence(`${p}'s ${t} is ${c}.`, `${colourVar(p, t)} === ${q(c)}`);
const isNotColour = (p: string, t: string, c: string) => not(isColour(p, t, c), `${p}'s ${t} is not ${c}.`);

export const colour: Theme = (rng, level, label, people) => {
  const [a, b] = people;
  const t = pick(rng, NLI_OWNED);
  const [c1, c2] = sample(rng, COLOURS, 2);
  const domains: Domains = {
    [`colour.${a}.${t}`]: [c1, c2, 'other'],
    [`colour.${b}.${t}`]: [c1, c2, 'other'],
  };
  const one = `A ${t} has one colour`;
  if (level === 1) {
    const premise = [hasColoured(a, c1, t)];
    const [hypothesis, why] =
      label === 'entailment'
        ? [isColour(a, t, c1), `${a}'s ${t} is the ${c1} one.`]
        : label === 'contradiction'
          ? [isColour(a, t, c2), `${a}'s ${t} is ${c1}. ${one}, so it is not ${c2}.`]
          : [isColour(b, t, c1), `The text says nothing about ${b}'s ${t}.`];
    return { premise, hypothesis, label, why, domains };
  }
  const [premise, hypothesis, why]: [Sentence[], Sentence, string] =
    label === 'entailment'
      ? [[hasColoured(a, c1, t)], isNotColour(a, t, c2), `${a}'s ${t} is ${c1}. ${one}, so it is not ${c2}.`]
      : label === 'contradiction'
        ? pick(rng, [
            [[hasColoured(a, c1, t)], isNotColour(a, t, c1), `The text says ${a}'s ${t} is ${c1}.`],
            [[isNotColour(a, t, c1)], isColour(a, t, c1), `The text says ${a}'s ${t} is not ${c1}.`],
          ] as const)
        : [
            [isNotColour(a, t, c1)],
            isColour(a, t, c2),
            `${a}'s ${t} is not ${c1}; it may or may not be ${c2}.`,
          ];
  return { premise: [...premise], hypothesis, label, why, domains };
};
