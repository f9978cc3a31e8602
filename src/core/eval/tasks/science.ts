// Scientific reasoning (ScienceQA / ARC mirror with the lecture in context, DATA.md §6.3): a lecture
// states a rule, a question applies it. L1 the answer is a look-up in the lecture; L2 one computation
// and a comparison; L3 a computation with distractor quantities or a longer lecture; L4 ranking three
// or four objects or following a chain. Families live in science-physics.ts and science-life.ts.
import type { Item, Level, Split } from '../types';
import { itemId, itemRng, pick, shuffleOptions } from '../util';
import type { Rng } from '../../rng';
import type { Family } from './science-family';
import { classify, foodChain, magnets, material } from './science-life';
import { density, ohm, speed, states } from './science-physics';

function family(rng: Rng, level: Level, split: Split): Family {
  const byLevel: Record<Level, (() => Family)[]> = {
    1: [
      () => material(rng, split),
      () => magnets(rng, 1),
      () => classify(rng, 1, split),
      () => foodChain(rng, 1, split),
    ],
    2: [
      () => density(rng, 2, split),
      () => states(rng, 2),
      () => speed(rng, 2, split),
      () => ohm(rng, 2),
      () => magnets(rng, 2),
    ],
    3: [
      () => density(rng, 3, split),
      () => states(rng, 3),
      () => speed(rng, 3, split),
      () => ohm(rng, 3),
      () => classify(rng, 3, split),
    ],
    4: [
      () => density(rng, 4, split),
      () => states(rng, 4),
      () => speed(rng, 4, split),
      () => foodChain(rng, 4, split),
    ],
  };
  return pick(rng, byLevel[level])();
}

export function generateScience(level: Level, seed: number, split: Split): Item {
  const rng = itemRng('science', level, split, seed);
  const f = family(rng, level, split);
  const { options, answer } = shuffleOptions(rng, f.answer, f.distractors);
  return {
    id: itemId('science', level, split, seed),
    task: 'science',
    level,
    split,
    format: 'mc',
    variant: f.variant,
    context: `Lecture: ${f.lecture}`,
    question: f.question,
    options,
    answer,
    rationale_text: `${f.steps} Answer: ${f.answer}`,
    rationale_code: f.code.join('\n'),
  };
}
