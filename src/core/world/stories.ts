// TinyStories-like documents about the small world: everyday stories (a child, a friend, a place,
// an animal, a small problem and how it is solved), stories about the pool's invented creatures,
// and fact sheets made of relation sentences. Short sentences, small vocabulary, regular grammar.
import {
  capitalise,
  homePhrase,
  listJoin,
  objectPronoun,
  pastVerb,
  plural,
  possessive,
  withArticle,
} from './grammar';
import type { Person } from './pools';
import { Ctx, baseVerb, para, relationSentence } from './sentences';
import { ANIMALS, COLOURS, FEELINGS, FOODS, SETTINGS, TOYS, WEATHER, type Animal } from './vocab';
import type { Creature } from './world';

const PARENTS = ['mom', 'dad', 'grandma', 'grandpa', 'aunt', 'uncle'] as const;

function opening(ctx: Ctx, p: Person): string[] {
  const kid = p.pronoun === 'she' ? 'girl' : 'boy';
  const place = ctx.pick(ctx.world.places);
  switch (ctx.rng.int(4)) {
    case 0:
      return [`Once upon a time, there was a little ${kid} named ${p.name}.`];
    case 1:
      return [`${p.name} was a ${ctx.pick(['kind', 'happy', 'busy', 'shy', 'brave'])} ${kid}.`];
    case 2:
      return [`${p.name} lived in a small town called ${place}.`];
    default:
      return [`There was a ${kid} called ${p.name}.`, `${capitalise(p.pronoun)} lived in ${place}.`];
  }
}

interface Problem {
  trouble: string[];
  fix: string[];
}

function problem(ctx: Ctx, p: Person, friend: Person, toy: string): Problem {
  const he = p.pronoun;
  const his = possessive(he);
  const fhe = friend.pronoun;
  switch (ctx.rng.int(5)) {
    case 0:
      return {
        trouble: [`Then ${p.name} threw ${his} ${toy} too far.`, `It landed in a tall bush.`],
        fix: [
          `${friend.name} found a long stick.`,
          `${capitalise(fhe)} pushed the branches away and got the ${toy} back.`,
        ],
      };
    case 1:
      return {
        trouble: [`Then dark clouds came and it started to rain.`, `${p.name} and ${friend.name} got wet.`],
        fix: [`They ran under a big tree and waited.`, `Soon the rain stopped and the sun came out again.`],
      };
    case 2: {
      const food = ctx.pick(FOODS);
      return {
        trouble: [
          `After a while, ${p.name} felt hungry.`,
          `${capitalise(he)} had no food with ${objectPronoun(he)}.`,
        ],
        fix: [
          `${friend.name} opened ${possessive(fhe)} bag and found ${withArticle(food)}.`,
          `${capitalise(fhe)} shared the ${food} with ${p.name}.`,
        ],
      };
    }
    case 3:
      return {
        trouble: [`${p.name} tripped on a rock and fell down.`, `${capitalise(his)} knee hurt.`],
        fix: [`${friend.name} helped ${objectPronoun(he)} get up.`, `They sat down and rested for a while.`],
      };
    default:
      return {
        trouble: [`${p.name} could not find ${his} ${toy}.`, `${capitalise(he)} looked everywhere.`],
        fix: [`${friend.name} looked too.`, `At last ${fhe} saw the ${toy} under a bench.`],
      };
  }
}

function animalScene(ctx: Ctx, a: Animal, asker: string, answerer: string): string[] {
  const out = [`They saw ${withArticle(a.name)}.`];
  if (a.sound !== '' && ctx.chance(0.7)) out.push(`The ${a.name} ${pastVerb(a.sound)}.`);
  const v = ctx.rng.int(3);
  if (v === 0)
    out.push(
      `Next to it was a little ${a.young}.`,
      `The young of ${withArticle(a.name)} is called ${withArticle(a.young)}.`,
    );
  else if (v === 1)
    out.push(
      `"Where does it live?" asked ${asker}.`,
      `"It lives in ${homePhrase(a.home)}," said ${answerer}.`,
    );
  else out.push(`The ${a.name} was eating ${a.food}.`);
  return out;
}

/** An everyday story: two children, a place, an animal, a small problem, a good ending. */
export function everydayStory(ctx: Ctx): string {
  const p = ctx.person();
  const friend = ctx.otherPerson(p);
  const [prep, place] = ctx.pick(SETTINGS);
  const toy = ctx.pick(TOYS);
  const weather = ctx.pick(WEATHER);
  const s: string[] = [...opening(ctx, p)];
  if (ctx.chance(0.6)) s.push(`${capitalise(p.pronoun)} had ${withArticle(ctx.pick(COLOURS))} ${toy}.`);
  if (ctx.chance(0.5)) {
    const parent = ctx.pick(PARENTS);
    s.push(
      `One ${weather} day, ${p.name} went to ${place} with ${possessive(p.pronoun)} ${parent} and ${possessive(p.pronoun)} friend ${friend.name}.`,
    );
  } else {
    s.push(`One ${weather} day, ${p.name} and ${friend.name} were playing ${prep} ${place}.`);
  }
  const body = [...s];
  if (ctx.chance(0.7)) {
    const [asker, answerer] = ctx.chance(0.5) ? [p.name, friend.name] : [friend.name, p.name];
    body.push(...animalScene(ctx, ctx.pick(ANIMALS), asker, answerer));
  }
  const prob = problem(ctx, p, friend, toy);
  const feeling = ctx.pick(['sad', 'scared', 'upset', 'worried']);
  const middle = [...prob.trouble, `${p.name} felt ${feeling}.`, ...prob.fix];
  const endings = [
    [`${p.name} said, "Thank you, ${friend.name}!"`, `They played together until the sun went down.`],
    [`${p.name} was happy again.`, `${capitalise(p.pronoun)} learned that friends help each other.`],
    [`"You are a good friend," said ${p.name}.`, `${friend.name} smiled.`],
    [`They walked home together.`, `It was a good day.`],
  ];
  const end = ctx.pick(endings);
  return ctx.chance(0.5)
    ? [para(body), para(middle), para(end)].join('\n')
    : para([...body, ...middle, ...end]);
}

function creatureTraits(ctx: Ctx, c: Creature): string[] {
  const k = withArticle(c.kind);
  const all = [
    `${capitalise(withArticle(c.name))} is a kind of ${c.kind}.`,
    `${capitalise(k)} is ${withArticle(c.cls)}.`,
    `${capitalise(plural(c.name))} ${baseVerb(c.sound)}.`,
    `${capitalise(plural(c.name))} like to eat ${c.food}.`,
    `The young of ${withArticle(c.name)} is ${withArticle(c.young)}.`,
    `${capitalise(withArticle(c.name))} lives in ${homePhrase(c.home)}.`,
    `Most ${plural(c.name)} are ${c.colour}.`,
    `${capitalise(withArticle(c.name))} is a ${c.size} animal.`,
  ];
  return ctx.sample(all, ctx.between(2, 4));
}

/** A child meets one of the pool's invented creatures; its facts are woven in. */
export function creatureStory(ctx: Ctx): string {
  const p = ctx.person();
  const c = ctx.pick(ctx.world.creatures);
  const s: string[] = [...opening(ctx, p)];
  const where = ctx.pick([
    `near ${possessive(p.pronoun)} house`,
    `in the woods`,
    `by the water`,
    `behind the school`,
  ]);
  s.push(`One day ${p.name} saw ${withArticle(c.name)} ${where}.`);
  s.push(...creatureTraits(ctx, c));
  s.push(`The ${c.name} ${pastVerb(c.sound)}.`, `${p.name} felt ${ctx.pick(FEELINGS)}.`);
  if (ctx.chance(0.6)) {
    s.push(
      `Then a little ${c.young} came out.`,
      `It was the ${c.name}'s baby.`,
      `${p.name} stayed very still so ${possessive(p.pronoun)} new friends would not run away.`,
    );
  }
  if (ctx.chance(0.6)) {
    s.push(`${p.name} gave the ${c.name} some ${c.food}.`, `The ${c.name} ate them all.`);
  }
  s.push(
    ctx.pick([
      `After that, ${p.name} visited the ${c.name} every day.`,
      `${p.name} ran home to tell ${possessive(p.pronoun)} ${ctx.pick(PARENTS)} about the ${c.name}.`,
      `When the sun went down, the ${c.name} went back to its ${c.home}.`,
    ]),
  );
  return para(s);
}

/** A short sheet of facts: relation sentences about shared words and the pool's invented words. */
export function factSheet(ctx: Ctx): string {
  const n = ctx.between(5, 10);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = ctx.chance(0.55) ? ctx.pick(ctx.poolFacts) : ctx.pick(ctx.sharedFacts);
    lines.push(relationSentence(ctx, f));
  }
  const title = ctx.pick(['Facts.', 'Some things to know.', 'Did you know?', 'Learn about the world.', '']);
  const uniq = [...new Set(lines)];
  return title === '' ? para(uniq) : `${title}\n${ctx.chance(0.5) ? uniq.join('\n') : para(uniq)}`;
}

/** A lesson about one invented object: what it is made of, what it is for, where it belongs. */
export function objectStory(ctx: Ctx): string {
  const p = ctx.person();
  const o = ctx.pick(ctx.world.objects);
  const friend = ctx.otherPerson(p);
  const s = [
    `${p.name} found ${withArticle(o.name)} in ${possessive(p.pronoun)} ${ctx.pick(['shed', 'box', 'garden', 'kitchen'])}.`,
    `It was ${o.colour} and made of ${o.material}.`,
    `"What is it for?" asked ${friend.name}.`,
    `"${capitalise(withArticle(o.name))} is a tool for ${o.use[1]}," said ${p.name}.`,
    ctx.chance(0.5) ? `${capitalise(withArticle(o.name))} is part of ${withArticle(o.partOf)}.` : '',
    `Then they used the ${o.name} for ${o.use[1]}.`,
    ctx.pick([`It worked well.`, `It was hard work, but it worked.`, `${friend.name} said it was fun.`]),
  ];
  if (ctx.chance(0.4)) {
    const others = ctx.sample(ctx.world.objects, 3).filter((x) => x.name !== o.name);
    s.push(`${p.name} also had ${listJoin(others.map((x) => withArticle(x.name)))}.`);
  }
  return para(s);
}
