// Words the generators may use, per split: people's names and invented words from the world's
// disjoint name pools (src/core/world), so eval items never contain a train-pool name and vice versa.
import { POOLS } from '../world';
import type { Split } from './types';

/** Capitalised first names of a split's people. */
export function peopleOf(split: Split): readonly { name: string; pronoun: 'he' | 'she' }[] {
  return POOLS[split].people;
}

/** Short words for string literals in code tasks: names and invented creature words of a split. */
export function codeWords(split: Split): string[] {
  const p = POOLS[split];
  return [...p.people.map((x) => x.name), ...p.creatures];
}

/** Invented lower-case words of a split that are safe as JavaScript identifiers. */
export function codeIdentifiers(split: Split): string[] {
  const p = POOLS[split];
  return [...p.creatures, ...p.kinds].filter((w) => /^[a-z]+$/.test(w) && !RESERVED.has(w));
}

const RESERVED = new Set([
  'do',
  'if',
  'in',
  'for',
  'let',
  'new',
  'try',
  'var',
  'case',
  'else',
  'enum',
  'eval',
  'this',
  'void',
  'with',
  'arguments',
]);
