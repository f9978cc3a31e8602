// Legal reasoning (JEC-QA / LegalBench rule-application mirror, DATA.md §6.2): a small fictional
// statute book in context, case facts, and a question the statute decides. L1 one article with one
// condition; L2 a conjunction with a numeric threshold (LegalBench "diversity"); L3 an exception or an
// aggregation rule, plus an irrelevant article; L4 two steps (classify the offence, look up its
// penalty, mind the age exception) among distractor articles, with four options. The label comes from
// the construction; solvers/law.ts re-derives it from a parse of the statute text and the facts.
import type { Rng } from '../../rng';
import { POOLS, withArticle } from '../../world';
import type { Item, Level, Split } from '../types';
import { between, itemId, itemRng, pick, sample, shuffle, shuffleOptions } from '../util';

export const YES_NO = ['Yes', 'No'] as const;

interface Case {
  articles: string[];
  facts: string;
  question: string;
  label: string;
  distractors: string[];
  steps: string;
  code: string[];
}

const THINGS = ['cart', 'fence', 'lamp', 'boat', 'ladder', 'barrel', 'wagon', 'clock'];
const yn = (b: boolean) => (b ? 'Yes' : 'No');
/** A value near a threshold (sometimes equal to it, which "more than" and "at least" treat differently). */
const near = (rng: Rng, t: number, spread: number) =>
  Math.max(1, t + pick(rng, [-1, 1, 0]) * between(rng, 0, spread));

function theft(rng: Rng, person: string): Case {
  const t = pick(rng, [50, 80, 100, 120, 200]);
  const atLeast = rng.next() < 0.4;
  const v = near(rng, t, 40);
  const felony = atLeast ? v >= t : v > t;
  const cond = atLeast ? `at least ${t}` : `more than ${t}`;
  return {
    articles: [`Taking goods worth ${cond} coins is a felony.`],
    facts: `${person} took goods worth ${v} coins.`,
    question: `Is what ${person} did a felony?`,
    label: yn(felony),
    distractors: [yn(!felony)],
    steps: `A felony needs goods worth ${cond} coins; ${person} took goods worth ${v} coins, so ${felony ? 'it is' : 'it is not'} a felony.`,
    code: [
      `const value = ${v};`,
      `const felony = value ${atLeast ? '>=' : '>'} ${t};`,
      `console.log(felony ? 'Yes' : 'No'); // ${yn(felony)}`,
    ],
  };
}

function lateReturn(rng: Rng, person: string, split: Split): Case {
  const thing = pick(rng, [...POOLS[split].objects, ...THINGS]);
  const d = between(rng, 3, 14);
  const late = near(rng, d, 4);
  const fine = late > d;
  return {
    articles: [`A person who returns a borrowed ${thing} more than ${d} days late must pay a fine.`],
    facts: `${person} returned a borrowed ${thing} ${late} days late.`,
    question: `Must ${person} pay a fine?`,
    label: yn(fine),
    distractors: [yn(!fine)],
    steps: `The fine applies after more than ${d} days; ${person} was ${late} days late, so ${fine ? 'a fine is due' : 'no fine is due'}.`,
    code: [
      `const daysLate = ${late};`,
      `const fine = daysLate > ${d};`,
      `console.log(fine ? 'Yes' : 'No'); // ${yn(fine)}`,
    ],
  };
}

function court(rng: Rng, people: string[], split: Split, aggregate: boolean): Case {
  const [town1, town2] = sample(rng, POOLS[split].places, 2);
  const t = pick(rng, [50, 75, 100, 150]);
  const sameTown = rng.next() < 0.3;
  const townB = sameTown ? town1 : town2;
  const amounts = aggregate ? [between(rng, 10, t - 5), 0] : [near(rng, t, 30)];
  if (aggregate) amounts[1] = near(rng, t - amounts[0], 20);
  const total = amounts.reduce((a, b) => a + b, 0);
  const ok = !sameTown && total > t;
  const [p, q] = people;
  const articles = [
    `The regional court may hear a claim only if the two parties live in different towns and the claim is for more than ${t} coins.`,
  ];
  if (aggregate) articles.push('Claims that one person brings against the same person are added together.');
  const [th1, th2] = sample(rng, THINGS, 2);
  const what = aggregate
    ? `for ${amounts[0]} coins for a broken ${th1} and for ${amounts[1]} coins for a lost ${th2}`
    : `for ${amounts[0]} coins`;
  return {
    articles,
    facts: `${p} (from ${town1}) sues ${q} (from ${townB}) ${what}.`,
    question: 'May the regional court hear the claim?',
    label: yn(ok),
    distractors: [yn(!ok)],
    steps: `The parties live in ${sameTown ? 'the same town' : 'different towns'}${aggregate ? `; the claims add up to ${amounts.join(' + ')} = ${total} coins` : `; the claim is for ${total} coins`}, which is ${total > t ? 'more' : 'not more'} than ${t}, so the court ${ok ? 'may' : 'may not'} hear it.`,
    code: [
      `const differentTowns = ${JSON.stringify(town1)} !== ${JSON.stringify(townB)};`,
      `const amount = ${amounts.join(' + ')};`,
      `console.log(differentTowns && amount > ${t} ? 'Yes' : 'No'); // ${yn(ok)}`,
    ],
  };
}

function fishing(rng: Rng, person: string, split: Split): Case {
  const town = pick(rng, POOLS[split].places);
  const a = pick(rng, [12, 14, 16, 18]);
  const age = near(rng, a, 4);
  const permit = rng.next() < 0.6;
  const ok = permit && age >= a;
  return {
    articles: [
      `A person may fish in the ${town} lake only if they hold a permit and are at least ${a} years old.`,
    ],
    facts: `${person} is ${age} years old and ${permit ? 'holds a permit' : 'does not hold a permit'}.`,
    question: `May ${person} fish in the ${town} lake?`,
    label: yn(ok),
    distractors: [yn(!ok)],
    steps: `Fishing needs a permit and an age of at least ${a}; ${person} ${permit ? 'has' : 'has no'} permit and is ${age}, so ${ok ? 'may' : 'may not'} fish.`,
    code: [
      `const age = ${age};`,
      `const permit = ${permit};`,
      `console.log(permit && age >= ${a} ? 'Yes' : 'No'); // ${yn(ok)}`,
    ],
  };
}

function contract(rng: Rng, people: string[], split: Split): Case {
  const a = pick(rng, [14, 16, 18]);
  const age = near(rng, a, 4);
  const parent = rng.next() < 0.5;
  const relative = pick(rng, ['mother', 'father']);
  const obj = pick(rng, [...POOLS[split].objects, ...THINGS]);
  const [p, q] = people;
  const voidContract = age < a && !parent;
  return {
    articles: [`A contract made by a person younger than ${a} years is void, unless a parent also signs it.`],
    facts: `${p} is ${age} years old and agreed to buy ${withArticle(obj)} from ${q}. ${parent ? `${p}'s ${relative} signed the contract too.` : 'Nobody else signed the contract.'}`,
    question: 'Is the contract void?',
    label: yn(voidContract),
    distractors: [yn(!voidContract)],
    steps: `${p} is ${age}, ${age < a ? `younger than ${a}` : `not younger than ${a}`}${age < a ? `, and ${parent ? 'a parent signed, so the exception applies' : 'no parent signed'}` : ''}; so the contract is ${voidContract ? 'void' : 'not void'}.`,
    code: [
      `const age = ${age};`,
      `const parentSigned = ${parent};`,
      `console.log(age < ${a} && !parentSigned ? 'Yes' : 'No'); // ${yn(voidContract)}`,
    ],
  };
}

/** From mildest to harshest; grand theft gets a harsher penalty than petty theft. */
const PENALTIES = [
  (n: number) => `a fine of ${n * 10} coins`,
  (n: number) => `${n} days of community work`,
  (n: number) => `${n} months in prison`,
  (n: number) => `${n} weeks of road repair`,
];

function penalty(rng: Rng, person: string): Case {
  const t = pick(rng, [100, 150, 200]);
  const minAge = pick(rng, [12, 14]);
  const [mild, middle, harsh] = sample(rng, [0, 1, 2, 3], 3)
    .sort((a, b) => a - b)
    .map((i) => PENALTIES[i](between(rng, 2, 9)));
  const [petty, bridge, grand] = [mild, middle, harsh];
  const age = rng.next() < 0.25 ? between(rng, minAge - 3, minAge - 1) : between(rng, minAge, 60);
  const v = near(rng, t, 60);
  const isGrand = v > t;
  const label = age < minAge ? 'no penalty' : isGrand ? grand : petty;
  return {
    articles: [
      `Taking goods worth more than ${t} coins is grand theft; taking goods worth ${t} coins or less is petty theft.`,
      `The penalty for grand theft is ${grand}.`,
      `The penalty for petty theft is ${petty}.`,
      `The penalty for damaging a bridge is ${bridge}.`,
      `A person younger than ${minAge} years gets no penalty.`,
    ],
    facts: `${person}, who is ${age} years old, took goods worth ${v} coins.`,
    question: `What penalty does ${person} get?`,
    label,
    distractors: ['no penalty', grand, petty, bridge].filter((x) => x !== label),
    steps:
      age < minAge
        ? `${person} is ${age}, younger than ${minAge}, so there is no penalty.`
        : `${v} coins is ${isGrand ? 'more than' : 'not more than'} ${t}, so it is ${isGrand ? 'grand' : 'petty'} theft, and the penalty for ${isGrand ? 'grand' : 'petty'} theft is ${label}.`,
    code: [
      `const age = ${age};`,
      `const value = ${v};`,
      `const offence = value > ${t} ? 'grand theft' : 'petty theft';`,
      `const penalties = { 'grand theft': ${JSON.stringify(grand)}, 'petty theft': ${JSON.stringify(petty)} };`,
      `console.log(age < ${minAge} ? 'no penalty' : penalties[offence]); // ${label}`,
    ],
  };
}

/** Articles about other matters, mixed in from L3 as distractors. */
function unrelated(rng: Rng, split: Split): string {
  const town = pick(rng, POOLS[split].places);
  return pick(rng, [
    `A dog in ${town} must wear a collar with its owner's name.`,
    `Shops in ${town} may not open before ${between(rng, 5, 8)} in the morning.`,
    `A person who finds a lost ${pick(rng, THINGS)} must bring it to the town hall within ${between(rng, 2, 9)} days.`,
    `Nobody may build a house higher than ${between(rng, 3, 6)} floors in ${town}.`,
  ]);
}

function makeCase(rng: Rng, level: Level, split: Split): Case {
  const people = sample(rng, POOLS[split].people, 2).map((p) => p.name);
  if (level === 1) return rng.next() < 0.5 ? theft(rng, people[0]) : lateReturn(rng, people[0], split);
  if (level === 2)
    return rng.next() < 0.5 ? court(rng, people, split, false) : fishing(rng, people[0], split);
  if (level === 3) return rng.next() < 0.5 ? contract(rng, people, split) : court(rng, people, split, true);
  return penalty(rng, people[0]);
}

export function generateLaw(level: Level, seed: number, split: Split): Item {
  const rng = itemRng('law', level, split, seed);
  // Yes/No cases are redrawn until they carry a label picked with even odds (the rules alone favour No).
  const want = rng.next() < 0.5 ? 'Yes' : 'No';
  let c = makeCase(rng, level, split);
  while (c.distractors.length === 1 && c.label !== want) c = makeCase(rng, level, split);
  const extra = level >= 3 ? [unrelated(rng, split)] : [];
  const articles = level >= 3 ? shuffle(rng, [...c.articles, ...extra]) : c.articles;
  const first = between(rng, 1, 9);
  const statute = articles.map((a, i) => `Art. ${first + i}: ${a}`).join('\n');
  const { options, answer } = shuffleOptions(rng, c.label, c.distractors);
  return {
    id: itemId('law', level, split, seed),
    task: 'law',
    level,
    split,
    format: 'mc',
    variant: options.length === 2 ? 'yes-no' : 'penalty',
    context: `${statute}\nFacts: ${c.facts}`,
    question: c.question,
    options,
    answer,
    rationale_text: `${c.steps} Answer: ${c.label}`,
    rationale_code: c.code.join('\n'),
  };
}
