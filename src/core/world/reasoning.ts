// Worked reasoning in story form, over the pool's names only: chains of kinds ("every wug is a
// blicket..."), town rules applied to a person, orderings, counting, and small science lessons.
// These teach the SHAPES of reasoning in prose; the suite's items use other names and wording.
import { capitalise, count, numberWord, plural, possessive, withArticle } from './grammar';
import { Ctx, para } from './sentences';
import { CLASS_TRAITS, FOODS, SCIENCE_FACTS } from './vocab';

/** Every C is a K, every K is a class, every class has a trait, so this C has it. */
export function kindChain(ctx: Ctx): string {
  const c = ctx.pick(ctx.world.creatures);
  const trait = ctx.pick(CLASS_TRAITS[c.cls]);
  const owner = ctx.person();
  const pet = ctx.otherPerson(owner).name;
  const s = [
    `Every ${c.name} is ${withArticle(c.kind)}.`,
    `Every ${c.kind} is ${withArticle(c.cls)}.`,
    `Every ${c.cls} ${trait}.`,
    `${owner.name} has a ${c.name} called ${pet}.`,
    `${pet} is ${withArticle(c.name)}, so ${pet} is ${withArticle(c.kind)}.`,
    `${pet} is ${withArticle(c.kind)}, so ${pet} is ${withArticle(c.cls)}.`,
    `So ${pet} ${trait}.`,
  ];
  if (ctx.chance(0.5)) {
    const other = ctx.pick(ctx.world.creatures.filter((x) => x.cls !== c.cls));
    s.push(
      `No ${c.cls} is ${withArticle(other.cls)}.`,
      `So ${pet} is not ${withArticle(other.cls)}, and ${pet} is not ${withArticle(other.name)}.`,
    );
  }
  return para(s);
}

/** A town rule with a threshold, applied to one person: may they, or may they not? */
export function townRule(ctx: Ctx): string {
  const town = ctx.pick(ctx.world.places);
  const p = ctx.person();
  const he = p.pronoun;
  const rules = [
    { act: 'ride the bus alone', unit: 'years old', lo: 5, hi: 14, word: 'older than' },
    { act: 'swim in the lake', unit: 'years old', lo: 4, hi: 12, word: 'older than' },
    { act: 'take a book home from the library', unit: 'books at home', lo: 0, hi: 6, word: 'fewer than' },
    { act: 'sell apples at the market', unit: 'apples', lo: 5, hi: 40, word: 'more than' },
  ];
  const r = ctx.pick(rules);
  const limit = ctx.between(r.lo + 1, r.hi - 1);
  const value = ctx.between(r.lo, r.hi);
  const ok = r.word === 'fewer than' ? value < limit : value > limit;
  const having =
    r.unit === 'years old' ? `${p.name} is ${value} years old.` : `${p.name} has ${value} ${r.unit}.`;
  const rule =
    r.unit === 'years old'
      ? `In ${town}, a child may ${r.act} only if the child is ${r.word} ${limit}.`
      : `In ${town}, a person may ${r.act} only if the person has ${r.word} ${limit} ${r.unit}.`;
  const s = [rule, having];
  if (ok) s.push(`${value} is ${r.word} ${limit}.`, `So ${p.name} may ${r.act}.`);
  else s.push(`${value} is not ${r.word} ${limit}.`, `So ${p.name} may not ${r.act}.`);
  if (!ok && ctx.chance(0.5)) s.push(`${capitalise(he)} will have to wait.`);
  return para(s);
}

/** Taller/faster chains and their transitive conclusion. */
export function ordering(ctx: Ctx): string {
  const a = ctx.person();
  const b = ctx.otherPerson(a);
  let c = ctx.otherPerson(a);
  while (c.name === b.name) c = ctx.otherPerson(a);
  const [more, most, least] = ctx.pick([
    ['taller', 'tallest', 'shortest'],
    ['faster', 'fastest', 'slowest'],
    ['older', 'oldest', 'youngest'],
    ['stronger', 'strongest', 'weakest'],
  ] as const);
  return para([
    `${a.name} is ${more} than ${b.name}.`,
    `${b.name} is ${more} than ${c.name}.`,
    `So ${a.name} is ${more} than ${c.name}.`,
    `${a.name} is the ${most} of the three, and ${c.name} is the ${least}.`,
  ]);
}

/** Adding, taking away and sharing, with the answer worked out. */
export function counting(ctx: Ctx): string {
  const p = ctx.person();
  const q = ctx.otherPerson(p);
  const food = ctx.pick(FOODS);
  const v = ctx.rng.int(3);
  if (v === 0) {
    const a = ctx.between(1, 8);
    const b = ctx.between(1, 4);
    return para([
      `${p.name} had ${count(a, food)}.`,
      `${q.name} gave ${p.pronoun === 'he' ? 'him' : 'her'} ${count(b, food)} more.`,
      `${a} plus ${b} is ${a + b}.`,
      `Now ${p.name} has ${count(a + b, food)}.`,
    ]);
  }
  if (v === 1) {
    const a = ctx.between(3, 12);
    const b = ctx.between(1, a - 1);
    const animal = ctx.pick(ctx.world.creatures).name;
    return para([
      `There were ${count(a, animal)} by the pond.`,
      `Then ${numberWord(b)} of them went home.`,
      `${a} take away ${b} is ${a - b}.`,
      `So ${a - b === 1 ? 'there was one' : `there were ${numberWord(a - b)}`} ${a - b === 1 ? animal : plural(animal)} left.`,
    ]);
  }
  const k = ctx.between(2, 4);
  const each = ctx.between(1, 3);
  return para([
    `${p.name} had ${count(k * each, food)} and ${numberWord(k)} friends.`,
    `${capitalise(p.pronoun)} gave the same number to each friend.`,
    `${k * each} shared by ${k} is ${each}.`,
    `So each friend got ${count(each, food)}.`,
    `${capitalise(possessive(p.pronoun))} friends said thank you.`,
  ]);
}

/** A child tries something and a science fact explains what happened. */
export function scienceLesson(ctx: Ctx): string {
  const p = ctx.person();
  const he = p.pronoun;
  switch (ctx.rng.int(4)) {
    case 0: {
      const mass = ctx.between(2, 19);
      const vol = ctx.between(2, 19);
      const floats = mass < vol;
      const thing = ctx.pick(['block', 'ball', 'toy', 'box']);
      return para([
        `${p.name} had a ${thing} that weighed ${mass} grams and took up ${vol} cubic centimetres.`,
        `Water weighs one gram for each cubic centimetre.`,
        floats
          ? `The ${thing} is lighter than the same amount of water, so it floats.`
          : mass === vol
            ? `The ${thing} weighs just as much as the same amount of water, so it does not float up or sink down fast.`
            : `The ${thing} is heavier than the same amount of water, so it sinks.`,
        `${capitalise(he)} put it in the bath and watched.`,
      ]);
    }
    case 1: {
      const cup = ctx.pick(['cup', 'bowl', 'glass', 'dish', 'jar']);
      const where = ctx.pick([
        'in the sun',
        'by the warm stove',
        'on a sunny window',
        'outside on a hot day',
      ]);
      const time = ctx.pick(['an hour', 'a while', 'lunch', 'ten minutes', 'a long nap']);
      return para([
        `${p.name} put ${count(ctx.between(2, 9), 'ice cube')} in a ${cup} and left it ${where}.`,
        `After ${time} the ice was gone and the ${cup} was full of water.`,
        ctx.pick([
          'Ice melts when it gets warm.',
          'Warm air melts ice.',
          'When ice gets warm, it turns into water.',
        ]),
        ctx.chance(0.5)
          ? `Then ${he} put the ${cup} in the freezer, and the water turned back into ice.`
          : '',
        ctx.pick(SCIENCE_FACTS),
      ]);
    }
    case 2: {
      const [iron, notIron] = [
        ctx.sample(
          ['an iron nail', 'a paper clip', 'a steel key', 'a tin can', 'an iron pin', 'a small bolt'],
          2,
        ),
        ctx.sample(
          ['a wooden spoon', 'a plastic cup', 'a glass marble', 'a rubber ball', 'a paper boat', 'a stone'],
          2,
        ),
      ];
      return para([
        `${p.name} ${ctx.pick(['had', 'found', 'got', 'was given'])} a ${ctx.pick(['red', 'big', 'small', 'round'])} magnet.`,
        `${capitalise(he)} held it near ${iron[0]}, and it ${ctx.pick(['jumped to', 'stuck to', 'moved to'])} the magnet.`,
        ctx.chance(0.5) ? `It pulled ${iron[1]} too.` : '',
        `Then ${he} held it near ${notIron[0]}, and nothing happened.`,
        ctx.chance(0.5) ? `${capitalise(notIron[1])} did not move either.` : '',
        ctx.pick([
          'A magnet pulls iron, but a magnet does not pull wood.',
          'Magnets pull things made of iron or steel.',
          'A magnet only pulls some metals, like iron.',
        ]),
      ]);
    }
    default: {
      const seed = ctx.pick(['bean', 'sunflower', 'pumpkin', 'pea', 'tomato', 'apple']);
      const days = ctx.between(3, 12);
      return para([
        `${p.name} planted a ${seed} seed in a ${ctx.pick(['pot', 'box', 'garden bed', 'cup of soil'])}.`,
        `${capitalise(he)} gave it water every day and put it where the sun could reach it.`,
        `After ${days} days a little green ${ctx.pick(['plant', 'shoot', 'sprout'])} came up.`,
        ctx.chance(0.5) ? `One week ${he} forgot the water, and the leaves began to droop.` : '',
        ctx.pick(['Plants need water and light to grow.', 'A plant needs water, light and air.']),
        ctx.pick(SCIENCE_FACTS),
      ]);
    }
  }
}
