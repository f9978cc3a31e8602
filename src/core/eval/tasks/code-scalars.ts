// Hand-written code specifications: L1 one-liners over numbers, strings and arrays (code-one-liners.ts)
// and a string family for L2 (one loop), L3 (loop + branch) and L4 (composition) (code-strings.ts).
// String inputs are built from the split's own words (eval-pool names never reach a train item).
import type { Rng } from '../../rng';
import { pick } from '../util';
import { finish } from './code-raw';
import { levelOne } from './code-one-liners';
import { stringFamily } from './code-strings';
import type { CodeSpec } from './code-spec';

export function scalarSpecs(level: 1 | 2 | 3 | 4, words: readonly string[]): CodeSpec[] {
  const word = (rng: Rng) => pick(rng, words);
  const raws = level === 1 ? levelOne(word) : stringFamily(level, word);
  return raws.map((r) => finish(level, r));
}
