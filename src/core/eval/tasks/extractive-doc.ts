// The documents of the extractive-QA task: short factual texts about the split's invented creatures
// and objects (their fixed facts in the small world: kind, home, food, young, colour, …) and towns
// (facts drawn per item: landmark, mayor, bridges, fair, crops). Each fact is a sentence, and is kept
// with the span that answers a question about it. With `pronoun`, sentences after an entity's first
// one refer to it as "It"/"Its".
import type { Rng } from '../../rng';
import { FOODS, POOLS, buildWorld, homePhrase, numberWord, plural, withArticle } from '../../world';
import type { Split } from '../types';
import { between, pick, sample } from '../util';

export type EntityType = 'creature' | 'object' | 'town';

export interface Fact {
  relation: string;
  /** The sentence, naming the entity or (when `pronoun` applies) referring to it. */
  named: string;
  pronoun?: string;
  /** The span of the sentence that answers the question. */
  answer: string;
  question: string;
}

export interface Entity {
  type: EntityType;
  name: string;
  facts: Fact[];
}

export const LANDMARKS = [
  'the old mill',
  'the stone bridge',
  'the green lake',
  'the tall hills',
  'the big forest',
  'the wide river',
];
export const SEASONS = ['spring', 'summer', 'autumn', 'winter'];

export function creatureEntity(rng: Rng, split: Split, name: string): Entity {
  const c = buildWorld(split).creatures.find((x) => x.name === name)!;
  const the = `the ${c.name}`;
  const finder = pick(rng, POOLS[split].people).name;
  const town = pick(rng, POOLS[split].places);
  const facts: Fact[] = [
    {
      relation: 'kind',
      named: `The ${c.name} is a kind of ${c.kind}.`,
      pronoun: `It is a kind of ${c.kind}.`,
      answer: c.kind,
      question: `What is ${the} a kind of?`,
    },
    {
      relation: 'home',
      named: `The ${c.name} lives in ${homePhrase(c.home)}.`,
      pronoun: `It lives in ${homePhrase(c.home)}.`,
      answer: homePhrase(c.home),
      question: `Where does ${the} live?`,
    },
    {
      relation: 'food',
      named: `The ${c.name} eats ${c.food}.`,
      pronoun: `It eats ${c.food}.`,
      answer: c.food,
      question: `What does ${the} eat?`,
    },
    {
      relation: 'young',
      named: `The young of ${the} is called ${withArticle(c.young)}.`,
      pronoun: `Its young is called ${withArticle(c.young)}.`,
      answer: withArticle(c.young),
      question: `What is the young of ${the} called?`,
    },
    {
      relation: 'colour',
      named: `Most ${plural(c.name)} are ${c.colour}.`,
      answer: c.colour,
      question: `What colour are most ${plural(c.name)}?`,
    },
    {
      relation: 'sound',
      named: `When it is happy, ${the} ${c.sound}.`,
      pronoun: `When it is happy, it ${c.sound}.`,
      answer: c.sound,
      question: `What does ${the} do when it is happy?`,
    },
    {
      relation: 'size',
      named: `The ${c.name} is a ${c.size} animal.`,
      pronoun: `It is a ${c.size} animal.`,
      answer: c.size,
      question: `Is ${the} a big or a small animal?`,
    },
    {
      relation: 'finder',
      named: `The first ${c.name} was found by ${finder} in ${town}.`,
      answer: finder,
      question: `Who found the first ${c.name}?`,
    },
  ];
  facts.push({
    ...facts[facts.length - 1],
    relation: 'found-in',
    answer: town,
    question: `Where was the first ${c.name} found?`,
  });
  return { type: 'creature', name: c.name, facts };
}

export function objectEntity(split: Split, name: string): Entity {
  const o = buildWorld(split).objects.find((x) => x.name === name)!;
  const a = withArticle(o.name);
  const facts: Fact[] = [
    {
      relation: 'material',
      named: `${cap(a)} is made of ${o.material}.`,
      pronoun: `It is made of ${o.material}.`,
      answer: o.material,
      question: `What is ${a} made of?`,
    },
    {
      relation: 'use',
      named: `People use ${a} for ${o.use[1]}.`,
      pronoun: `People use it for ${o.use[1]}.`,
      answer: o.use[1],
      question: `What do people use ${a} for?`,
    },
    {
      relation: 'part-of',
      named: `${cap(a)} is part of ${withArticle(o.partOf)}.`,
      pronoun: `It is part of ${withArticle(o.partOf)}.`,
      answer: withArticle(o.partOf),
      question: `What is ${a} part of?`,
    },
    {
      relation: 'colour',
      named: `Most ${plural(o.name)} are ${o.colour}.`,
      answer: o.colour,
      question: `What colour are most ${plural(o.name)}?`,
    },
  ];
  return { type: 'object', name: o.name, facts };
}

/** A town's facts are drawn per item; `taken` keeps two towns of one document apart. */
export function townEntity(rng: Rng, split: Split, name: string, taken: Set<string>): Entity {
  const fresh = <T>(xs: readonly T[], key: string): T => {
    const left = xs.filter((x) => !taken.has(`${key}:${String(x)}`));
    const x = pick(rng, left.length > 0 ? left : xs);
    taken.add(`${key}:${String(x)}`);
    return x;
  };
  const near = fresh(LANDMARKS, 'near');
  const mayor = fresh(
    POOLS[split].people.map((p) => p.name),
    'mayor',
  );
  const bridges = fresh([2, 3, 4, 5, 6, 7, 8, 9], 'bridges');
  const season = fresh(SEASONS, 'season');
  const crop = plural(fresh(FOODS, 'crop'));
  const facts: Fact[] = [
    {
      relation: 'near',
      named: `${name} is a small town near ${near}.`,
      pronoun: `It is a small town near ${near}.`,
      answer: near,
      question: `What is ${name} near?`,
    },
    {
      relation: 'mayor',
      named: `The mayor of ${name} is ${mayor}.`,
      pronoun: `Its mayor is ${mayor}.`,
      answer: mayor,
      question: `Who is the mayor of ${name}?`,
    },
    {
      relation: 'bridges',
      named: `${name} has ${numberWord(bridges)} bridges.`,
      pronoun: `It has ${numberWord(bridges)} bridges.`,
      answer: numberWord(bridges),
      question: `How many bridges does ${name} have?`,
    },
    {
      relation: 'fair',
      named: `${name} holds a fair in ${season}.`,
      pronoun: `It holds a fair in ${season}.`,
      answer: `in ${season}`,
      question: `When does ${name} hold a fair?`,
    },
    {
      relation: 'grow',
      named: `The people of ${name} grow ${crop}.`,
      pronoun: `Its people grow ${crop}.`,
      answer: crop,
      question: `What do the people of ${name} grow?`,
    },
  ];
  return { type: 'town', name, facts };
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** `k` entities of one type for a document. */
export function drawEntities(rng: Rng, split: Split, k: number): Entity[] {
  const type = pick(rng, ['creature', 'object', 'town'] as const);
  const pool = POOLS[split];
  if (type === 'creature') return sample(rng, pool.creatures, k).map((n) => creatureEntity(rng, split, n));
  if (type === 'object') return sample(rng, pool.objects, k).map((n) => objectEntity(split, n));
  const taken = new Set<string>();
  return sample(rng, pool.places, k).map((n) => townEntity(rng, split, n, taken));
}

/** An entity's sentences: the facts chosen, the first named, later ones by pronoun when asked. */
export function entityText(facts: Fact[], pronoun: boolean): string[] {
  return facts.map((f, i) => (pronoun && i > 0 && f.pronoun ? f.pronoun : f.named));
}

export const factCount = (rng: Rng, lo: number, hi: number) => between(rng, lo, hi);
