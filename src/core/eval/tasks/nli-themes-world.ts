// The entailment task's world-knowledge themes: which animal someone saw (the shared real animals and
// their classes; the reverse inclusion at L3 is neutral), a property and its opposite (contraries:
// "not hot" does not make it cold), and who is taller or older (converses at L3, transitivity at L4).
import { ANIMALS, plural, withArticle } from '../../world';
import { pick, sample, shuffle } from '../util';
import { not, range, sentence, v, type Domains, type Sentence } from './nli-build';
import type { Theme } from './nli-themes';

const q = JSON.stringify;

/** Contrary pairs of the world's OPPOSITES, with nouns they describe. */
export const NLI_PROPERTIES: readonly (readonly [string, string, readonly string[]])[] = [
  ['hot', 'cold', ['soup', 'tea', 'bath', 'oven']],
  ['full', 'empty', ['cup', 'bottle', 'basket', 'box']],
  ['wet', 'dry', ['shirt', 'towel', 'road', 'grass']],
  ['open', 'closed', ['window', 'door', 'gate', 'shop']],
  ['clean', 'dirty', ['shirt', 'cup', 'floor', 'car']],
  ['loud', 'quiet', ['room', 'street', 'bell', 'song']],
  ['heavy', 'light', ['box', 'bag', 'stone', 'log']],
];
export const NLI_COMPARATIVES: readonly (readonly [string, string, string])[] = [
  ['tall', 'taller', 'shorter'],
  ['old', 'older', 'younger'],
];

// ---- which animal ----------------------------------------------------------------------------

const sawVar = (p: string) => v(`saw.${p}`);
const saw = (p: string, what: string, negated = false) => {
  const isClass = ANIMALS.every((x) => x.name !== what);
  const claim = isClass ? `cls[${sawVar(p)}] === ${q(what)}` : `${sawVar(p)} === ${q(what)}`;
  const text = `The animal ${p} saw was ${negated ? 'not ' : ''}${withArticle(what)}.`;
  return sentence(text, negated ? `!(${claim})` : claim);
};
const CLASSES = ['mammal', 'bird', 'fish', 'insect', 'reptile', 'amphibian'];
const ofClass = (c: string) => ANIMALS.filter((x) => x.cls === c).map((x) => x.name);

export const animal: Theme = (rng, level, label, people) => {
  const [a, b] = people;
  const domains: Domains = {
    [`saw.${a}`]: ANIMALS.map((x) => x.name),
    [`saw.${b}`]: ANIMALS.map((x) => x.name),
  };
  const cls = pick(rng, ['mammal', 'bird', 'insect', 'reptile']);
  const otherCls = pick(
    rng,
    CLASSES.filter((c) => c !== cls),
  );
  const [x, y] = sample(rng, ofClass(cls), 2);
  const z = pick(rng, ofClass(otherCls));
  if (level === 2) {
    const premise = [saw(a, x)];
    const [hypothesis, why]: [Sentence, string] =
      label === 'entailment'
        ? pick(rng, [
            [saw(a, cls), `${withArticle(x)} is ${withArticle(cls)}.`],
            [
              saw(a, otherCls, true),
              `${withArticle(x)} is ${withArticle(cls)}, not ${withArticle(otherCls)}.`,
            ],
          ] as const)
        : label === 'contradiction'
          ? pick(rng, [
              [saw(a, otherCls), `${withArticle(x)} is ${withArticle(cls)}, not ${withArticle(otherCls)}.`],
              [saw(a, y), `The animal was ${withArticle(x)}, so it was not ${withArticle(y)}.`],
              [saw(a, cls, true), `${withArticle(x)} is ${withArticle(cls)}.`],
            ] as const)
          : [saw(b, cls), `The text says nothing about the animal ${b} saw.`];
    return { premise, hypothesis, label, why, domains };
  }
  const premise = [saw(a, cls)];
  const [hypothesis, why]: [Sentence, string] =
    label === 'entailment'
      ? pick(rng, [
          [saw(a, z, true), `It was ${withArticle(cls)}, and ${withArticle(z)} is ${withArticle(otherCls)}.`],
          [saw(a, otherCls, true), `It was ${withArticle(cls)}, not ${withArticle(otherCls)}.`],
        ] as const)
      : label === 'contradiction'
        ? pick(rng, [
            [saw(a, z), `It was ${withArticle(cls)}, and ${withArticle(z)} is ${withArticle(otherCls)}.`],
            [saw(a, otherCls), `It was ${withArticle(cls)}, not ${withArticle(otherCls)}.`],
          ] as const)
        : pick(rng, [
            [saw(a, x), `Many animals are ${plural(cls)}; it may or may not have been ${withArticle(x)}.`],
            [
              saw(a, x, true),
              `Many animals are ${plural(cls)}; it may or may not have been ${withArticle(x)}.`,
            ],
          ] as const);
  return { premise, hypothesis, label, why, domains };
};

// ---- a property and its opposite -------------------------------------------------------------

const propVar = (n: string) => v(`prop.${n}`);
const is = (n: string, adj: string) => sentence(`The ${n} is ${adj}.`, `${propVar(n)} === ${q(adj)}`);
const isNot = (n: string, adj: string) => not(is(n, adj), `The ${n} is not ${adj}.`);

export const property: Theme = (rng, level, label) => {
  const [p1, p2, nouns] = pick(rng, NLI_PROPERTIES);
  const [p, o] = rng.next() < 0.5 ? [p1, p2] : [p2, p1];
  const [n, m] = sample(rng, nouns, 2);
  const domains: Domains = { [`prop.${n}`]: [p, o, 'neither'], [`prop.${m}`]: [p, o, 'neither'] };
  const contrary = `Something ${p} is not ${o}`;
  if (level === 2) {
    const premise = [is(n, p)];
    const [hypothesis, why]: [Sentence, string] =
      label === 'entailment'
        ? [isNot(n, o), `${contrary}.`]
        : label === 'contradiction'
          ? pick(rng, [
              [is(n, o), `${contrary}.`],
              [isNot(n, p), `The text says the ${n} is ${p}.`],
            ] as const)
          : [is(m, p), `The text says nothing about the ${m}.`];
    return { premise, hypothesis, label, why, domains };
  }
  const premise = shuffle(rng, [isNot(n, p), is(m, p)]);
  const [hypothesis, why]: [Sentence, string] =
    label === 'entailment'
      ? [isNot(m, o), `The ${m} is ${p}, and ${contrary.toLowerCase()}.`]
      : label === 'contradiction'
        ? pick(rng, [
            [is(n, p), `The text says the ${n} is not ${p}.`],
            [is(m, o), `The ${m} is ${p}, and ${contrary.toLowerCase()}.`],
          ] as const)
        : [is(n, o), `Not ${p} does not mean ${o}: the ${n} could be in between.`];
  return { premise, hypothesis, label, why, domains };
};

// ---- who is taller or older ------------------------------------------------------------------

export const comparative: Theme = (rng, level, label, people) => {
  const [a, b, c] = people;
  const [dim, more, less] = pick(rng, NLI_COMPARATIVES);
  const rank = (p: string) => v(`${dim}.${p}`);
  const gt = (x: string, y: string) => sentence(`${x} is ${more} than ${y}.`, `${rank(x)} > ${rank(y)}`);
  const lt = (x: string, y: string) => sentence(`${x} is ${less} than ${y}.`, `${rank(x)} < ${rank(y)}`);
  const domainsOf = (ps: string[]): Domains =>
    Object.fromEntries(ps.map((p) => [`${dim}.${p}`, range(0, ps.length - 1)]));
  if (level === 3) {
    const premise = [gt(a, b)];
    const [hypothesis, why]: [Sentence, string] =
      label === 'entailment'
        ? [lt(b, a), `If ${a} is ${more} than ${b}, then ${b} is ${less} than ${a}.`]
        : label === 'contradiction'
          ? pick(rng, [
              [gt(b, a), `${a} is ${more} than ${b}, so ${b} is not ${more} than ${a}.`],
              [lt(a, b), `${a} is ${more} than ${b}, so ${a} is not ${less} than ${b}.`],
            ] as const)
          : [pick(rng, [gt(a, c), lt(c, b)]), `The text says nothing about ${c}.`];
    return { premise, hypothesis, label, why, domains: domainsOf([a, b, c]) };
  }
  if (label === 'neutral') {
    const premise = shuffle(rng, [gt(a, b), gt(a, c)]);
    return {
      premise,
      hypothesis: pick(rng, [gt(b, c), lt(b, c)]),
      label,
      why: `${b} and ${c} are both ${less} than ${a}; the text does not compare them with each other.`,
      domains: domainsOf([a, b, c]),
    };
  }
  const premise = shuffle(rng, [pick(rng, [gt(a, b), lt(b, a)]), pick(rng, [gt(b, c), lt(c, b)])]);
  const hypothesis =
    label === 'entailment' ? pick(rng, [gt(a, c), lt(c, a)]) : pick(rng, [gt(c, a), lt(a, c)]);
  const why = `${a} is ${more} than ${b}, and ${b} is ${more} than ${c}, so ${a} is ${more} than ${c}.`;
  return { premise, hypothesis, label, why, domains: domainsOf([a, b, c]) };
};
