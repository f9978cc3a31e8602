// Science item families answered by a stated rule: floating by material, magnets, classifying a
// creature of the small world by its traits ("Select the fish" in ScienceQA), and food chains. L1 is
// one look-up in the lecture; L2 adds one inference (which magnet ends face each other); L3 adds a
// trait shared by several classes and irrelevant details; L4 follows a food chain over two links.
import type { Rng } from '../../rng';
import { buildWorld, homePhrase, plural, withArticle } from '../../world';
import type { Level, Split } from '../types';
import { pick, sample, shuffle } from '../util';
import type { Family } from './science-family';

const FLOATERS = ['cork', 'wood', 'wax', 'foam', 'ice'];
const SINKERS = ['stone', 'iron', 'glass', 'gold', 'clay'];

export function material(rng: Rng, split: Split): Family {
  const f = sample(rng, FLOATERS, 3);
  const s = sample(rng, SINKERS, 3);
  const floats = rng.next() < 0.5;
  const m = pick(rng, floats ? f : s);
  const obj = pick(rng, buildWorld(split).objects).name;
  return {
    variant: 'material',
    lecture: `Things made of ${f[0]}, ${f[1]} or ${f[2]} float in water. Things made of ${s[0]}, ${s[1]} or ${s[2]} sink in water.`,
    question: `A ${obj} made of ${m} is put in water. Does it float or sink in water?`,
    answer: floats ? 'it floats' : 'it sinks',
    distractors: [floats ? 'it sinks' : 'it floats'],
    steps: `The lecture says things made of ${m} ${floats ? 'float' : 'sink'}.`,
    code: [
      `const floaters = ${JSON.stringify(f)};`,
      `console.log(floaters.includes(${JSON.stringify(m)}) ? 'it floats' : 'it sinks'); // it ${floats ? 'floats' : 'sinks'}`,
    ],
  };
}

export const MAGNET_LECTURE =
  'Every magnet has a north pole at one end and a south pole at the other. Opposite poles attract: a north pole and a south pole pull together. Like poles repel: two north poles or two south poles push apart.';

export function magnets(rng: Rng, level: Level): Family {
  const poles = ['north', 'south'] as const;
  if (level === 1) {
    const [a, b] = [pick(rng, poles), pick(rng, poles)];
    const attract = a !== b;
    return {
      variant: 'magnet',
      lecture: MAGNET_LECTURE,
      question: `The ${a} pole of one magnet is held near the ${b} pole of another magnet. Do they attract or repel?`,
      answer: attract ? 'they attract' : 'they repel',
      distractors: [attract ? 'they repel' : 'they attract'],
      steps: `A ${a} pole and a ${b} pole are ${attract ? 'opposite' : 'like'} poles, so they ${attract ? 'attract' : 'repel'}.`,
      code: [
        `const attract = ${JSON.stringify(a)} !== ${JSON.stringify(b)};`,
        `console.log(attract ? 'they attract' : 'they repel'); // they ${attract ? 'attract' : 'repel'}`,
      ],
    };
  }
  const aLeft = pick(rng, poles);
  const bRight = pick(rng, poles);
  const aRight = aLeft === 'north' ? 'south' : 'north';
  const bLeft = bRight === 'north' ? 'south' : 'north';
  const attract = aRight !== bLeft;
  return {
    variant: 'magnet-ends',
    lecture: MAGNET_LECTURE,
    question: `Magnet A lies with its ${aLeft} pole on the left. Magnet B lies to the right of A with its ${bRight} pole on the right. Do the ends of A and B that face each other attract or repel?`,
    answer: attract ? 'they attract' : 'they repel',
    distractors: [attract ? 'they repel' : 'they attract'],
    steps: `A's right end is its ${aRight} pole and B's left end is its ${bLeft} pole; these are ${attract ? 'opposite' : 'like'} poles, so they ${attract ? 'attract' : 'repel'}.`,
    code: [
      `const aRight = ${JSON.stringify(aRight)}; // the other end of A`,
      `const bLeft = ${JSON.stringify(bLeft)}; // the other end of B`,
      `console.log(aRight !== bLeft ? 'they attract' : 'they repel'); // they ${attract ? 'attract' : 'repel'}`,
    ],
  };
}

/** Traits as the lecture states them (plural) and as a question states them (singular). */
export const CLASSES: readonly { cls: string; plural: string; traits: [string, string][] }[] = [
  {
    cls: 'mammal',
    plural: 'Mammals',
    traits: [
      ['have fur', 'has fur'],
      ['feed their young with milk', 'feeds its young with milk'],
    ],
  },
  {
    cls: 'bird',
    plural: 'Birds',
    traits: [
      ['have feathers', 'has feathers'],
      ['lay eggs', 'lays eggs'],
    ],
  },
  {
    cls: 'fish',
    plural: 'Fish',
    traits: [
      ['have fins', 'has fins'],
      ['breathe with gills', 'breathes with gills'],
    ],
  },
  {
    cls: 'reptile',
    plural: 'Reptiles',
    traits: [
      ['have scales', 'has scales'],
      ['lay eggs', 'lays eggs'],
    ],
  },
  { cls: 'insect', plural: 'Insects', traits: [['have six legs', 'has six legs']] },
];

export function classify(rng: Rng, level: Level, split: Split): Family {
  const creature = pick(
    rng,
    buildWorld(split).creatures.filter((c) => CLASSES.some((k) => k.cls === c.cls)),
  );
  const entry = CLASSES.find((k) => k.cls === creature.cls) as (typeof CLASSES)[number];
  const lecture = CLASSES.map((k) => `${k.plural} ${k.traits.map((t) => t[0]).join(' and ')}.`).join(' ');
  // L1 states one distinguishing trait; L3 all traits (one may be shared) plus irrelevant details.
  const unique = entry.traits.filter(
    (t) => CLASSES.filter((k) => k.traits.some((u) => u[1] === t[1])).length === 1,
  );
  const traits = level === 1 ? [pick(rng, unique)] : shuffle(rng, entry.traits);
  const noise = level >= 3 ? [`is ${creature.colour}`, `lives in ${homePhrase(creature.home)}`] : [];
  const said = [...noise, ...traits.map((t) => t[1])];
  const others = sample(
    rng,
    CLASSES.filter((k) => k !== entry),
    3,
  ).map((k) => withArticle(k.cls));
  return {
    variant: 'classify',
    lecture,
    question: `A ${creature.name} ${said.slice(0, -1).join(', ')}${said.length > 1 ? ' and ' : ''}${said[said.length - 1]}. What kind of animal is a ${creature.name}?`,
    answer: withArticle(entry.cls),
    distractors: others,
    steps: `Only ${entry.plural.toLowerCase()} ${traits.map((t) => t[0]).join(' and ')}, so a ${creature.name} is ${withArticle(entry.cls)}.`,
    code: [
      `const traits = ${JSON.stringify(traits.map((t) => t[1]))};`,
      `const classes = { ${CLASSES.map((k) => `${k.cls}: ${JSON.stringify(k.traits.map((t) => t[1]))}`).join(', ')} };`,
      'const kind = Object.keys(classes).find((k) => traits.every((t) => classes[k].includes(t)));',
      `console.log(kind); // ${entry.cls}`,
    ],
  };
}

export const FOOD_LECTURE =
  'In a food chain, energy passes from the living thing that is eaten to the living thing that eats it. Plants get their energy from sunlight.';
const PLANTS = ['grass', 'clover', 'moss', 'berries', 'seeds', 'leaves'];
const HUNTERS = ['owls', 'foxes', 'hawks', 'snakes', 'herons'];

export function foodChain(rng: Rng, level: Level, split: Split): Family {
  const plant = pick(rng, PLANTS);
  const creatures = sample(rng, buildWorld(split).creatures, 2).map((c) => plural(c.name));
  const chain = [plant, creatures[0], creatures[1], pick(rng, HUNTERS)];
  const eats = (i: number) => `${chain[i + 1][0].toUpperCase()}${chain[i + 1].slice(1)} eat ${chain[i]}.`;
  if (level === 1) {
    return {
      variant: 'food',
      lecture: FOOD_LECTURE,
      question: `${eats(0)} ${eats(1)} Where do ${chain[1]} get their energy from?`,
      answer: `from ${chain[0]}`,
      distractors: [`from ${chain[2]}`, `from ${chain[1]}`],
      steps: `${chain[1]} eat ${chain[0]}, and energy passes from the eaten to the eater, so it comes from ${chain[0]}.`,
      code: [
        `const eats = { ${chain[1]}: ${JSON.stringify(chain[0])}, ${chain[2]}: ${JSON.stringify(chain[1])} };`,
        `console.log('from ' + eats.${chain[1]}); // from ${chain[0]}`,
      ],
    };
  }
  const sentences = shuffle(rng, [eats(0), eats(1), eats(2)]);
  return {
    variant: 'food-chain',
    lecture: FOOD_LECTURE,
    question: `${sentences.join(' ')} Which of these gets energy from the ${chain[0]} after it has passed through exactly one other animal?`,
    answer: chain[2],
    distractors: [chain[0], chain[1], chain[3]],
    steps: `${chain[1]} eat ${chain[0]}, ${chain[2]} eat ${chain[1]}, ${chain[3]} eat ${chain[2]}: the energy reaches ${chain[2]} after passing through ${chain[1]}.`,
    code: [
      `const eaterOf = { ${chain
        .slice(0, 3)
        .map((c, i) => `${JSON.stringify(c)}: ${JSON.stringify(chain[i + 1])}`)
        .join(', ')} };`,
      `console.log(eaterOf[eaterOf[${JSON.stringify(chain[0])}]]); // ${chain[2]}`,
    ],
  };
}
