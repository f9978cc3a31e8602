// Natural-language instructions about the small world (train name pool only): questions about one
// fact ("What is a wug made of?"), "tell me about X" over all of a creature's or object's facts, and
// requests for a short story / fact sheet / worked story, answered with the world text generator.
// Answers reuse the world's own sentences (relationSentence), so they agree with pretraining text.
// Leaves out code forms: the code arm replaces these slots with programming instructions.
import { DOC_KINDS, withArticle, capitalise, Ctx, relationSentence, type Relation } from '../../world';
import type { InstructionExample } from './types';

const QUESTIONS: Record<Relation['rel'], (a: string) => string[]> = {
  'kind-of': (a) => [`What is ${withArticle(a)}?`, `What kind of thing is ${withArticle(a)}?`],
  'young-of': (a) => [`What is the young of ${withArticle(a)} called?`, `What do you call a baby ${a}?`],
  'sound-of': (a) => [
    `What sound does ${withArticle(a)} make?`,
    `What does ${withArticle(a)} do when it makes a sound?`,
  ],
  'lives-in': (a) => [`Where does ${withArticle(a)} live?`, `Where is the home of ${withArticle(a)}?`],
  'made-of': (a) => [`What is ${withArticle(a)} made of?`, `What do people make ${withArticle(a)} out of?`],
  'part-of': (a) => [`What is ${withArticle(a)} part of?`, `Where can you find ${withArticle(a)}?`],
  'tool-for': (a) => [`What is ${withArticle(a)} used for?`, `What do people use ${withArticle(a)} for?`],
  'opposite-of': (a) => [`What is the opposite of ${a}?`, `Give the opposite of the word "${a}".`],
};

/** Q&A about one fact, or about everything the world says of one invented creature or object. */
export function worldFactExample(ctx: Ctx, n: number): InstructionExample {
  const base = {
    id: `world-fact/${n}`,
    task: 'general' as const,
    kind: 'text' as const,
    source: 'world-fact' as const,
  };
  if (ctx.chance(0.5)) {
    const subject = ctx.pick(ctx.poolFacts).a;
    const facts = ctx.poolFacts.filter((f) => f.a === subject);
    return {
      ...base,
      instruction: ctx.pick([
        `Tell me about the ${subject}.`,
        `What do you know about ${withArticle(subject)}?`,
      ]),
      response: facts.map((f) => relationSentence(ctx, f)).join(' '),
    };
  }
  const fact = ctx.chance(0.5) ? ctx.pick(ctx.poolFacts) : ctx.pick(ctx.sharedFacts);
  return {
    ...base,
    instruction: ctx.pick(QUESTIONS[fact.rel](fact.a)),
    response: relationSentence(ctx, fact),
  };
}

/** What to ask for each kind of world document. */
const STORY_REQUESTS: Record<string, readonly string[]> = {
  'everyday-story': [
    'Tell me a short story.',
    'Write a short story for a child.',
    'Tell me a story about two friends.',
  ],
  'creature-story': ['Tell me a story about an animal.', 'Write a short story about a creature.'],
  'object-story': [
    'Tell me a story about a tool someone found.',
    'Write a short story about a useful thing.',
  ],
  'fact-sheet': ['Tell me some facts about animals and things.', 'Write a short fact sheet.'],
  'kind-chain': ['Tell me a story that works out what kind of animal a pet is.'],
  'town-rule': ['Tell me a story about a town rule and whether someone may follow it.'],
  ordering: ['Tell me a story that works out who is first of three.'],
  counting: ['Tell me a story with a small sum in it, and work the sum out.'],
  science: ['Tell me a story that teaches a science fact.'],
};

/** A request for one world document, answered by the generator (weighted as in the corpus). */
export function worldStoryExample(ctx: Ctx, n: number): InstructionExample {
  const total = DOC_KINDS.reduce((s, k) => s + k[2], 0);
  let r = ctx.rng.int(total);
  let [name, build] = DOC_KINDS[0];
  for (const [kindName, kindBuild, w] of DOC_KINDS) {
    if (r < w) {
      [name, build] = [kindName, kindBuild];
      break;
    }
    r -= w;
  }
  const requests = STORY_REQUESTS[name] ?? ['Tell me a short story.'];
  return {
    id: `world-story/${n}`,
    task: 'general',
    kind: 'text',
    source: 'world-story',
    instruction: capitalise(ctx.pick(requests)),
    response: build(ctx),
  };
}
