// Three-way entailment (the paper's OCNLI / CMNLI negative-transfer check, PAPER.md §3): a premise of
// one to three sentences about the split's people and the world's shared vocabulary, a hypothesis,
// and the label entailment / neutral / contradiction. The label is chosen first (so the three are
// balanced), then a theme (nli-themes.ts, nli-themes-world.ts) builds a pair with it. L1 a dropped conjunct, a swapped
// place or colour, an unmentioned person; L2 negation, numbers ("more than"), animal classes,
// opposites; L3 distractor facts, converse comparatives, contraries ("not hot" is not "cold"),
// reversed class inclusion; L4 disjunctive syllogism, a universal rule, sums, transitivity.
// solvers/nli.ts re-derives each label by parsing the text and enumerating the worlds it allows.
import { POOLS, capitalise } from '../../world';
import type { Item, Level, Split } from '../types';
import { itemId, itemRng, pick, sample } from '../util';
import { NLI_LABELS, codeTwin } from './nli-build';
import { colour, count, location, type Theme } from './nli-themes';
import { animal, comparative, property } from './nli-themes-world';

export { NLI_LABELS, type NliLabel } from './nli-build';

const THEMES: Record<Level, [string, Theme][]> = {
  1: [
    ['location', location],
    ['colour', colour],
  ],
  2: [
    ['location', location],
    ['count', count],
    ['colour', colour],
    ['animal', animal],
    ['property', property],
  ],
  3: [
    ['location', location],
    ['count', count],
    ['animal', animal],
    ['property', property],
    ['comparative', comparative],
  ],
  4: [
    ['location', location],
    ['count', count],
    ['comparative', comparative],
  ],
};

export function generateNli(level: Level, seed: number, split: Split): Item<'nli'> {
  const rng = itemRng('nli', level, split, seed);
  const label = pick(rng, NLI_LABELS);
  const [variant, theme] = pick(rng, THEMES[level]);
  const people = sample(rng, POOLS[split].people, 3).map((p) => p.name);
  const built = theme(rng, level, label, people);
  if (built.label !== label) throw new Error(`nli ${variant}: built ${built.label}, wanted ${label}`);
  return {
    id: itemId('nli', level, split, seed),
    task: 'nli',
    level,
    split,
    format: 'mc',
    variant,
    context: built.premise.map((s) => s.text).join(' '),
    question: built.hypothesis.text,
    options: [...NLI_LABELS],
    answer: NLI_LABELS.indexOf(label),
    rationale_text: `${capitalise(built.why)} Answer: ${label}`,
    rationale_code: codeTwin(built),
  };
}
