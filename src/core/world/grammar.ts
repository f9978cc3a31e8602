// Tiny English helpers for the world text: plurals, articles, capitals, lists and number words.
// Regular rules only, plus the irregular plurals of the shared vocabulary (vocab.ts).
import { ANIMALS, NUMBER_WORDS, THE_HOMES, THINGS } from './vocab';

const IRREGULAR = new Map<string, string>();
for (const a of ANIMALS) IRREGULAR.set(a.name, a.plural);
for (const t of THINGS) IRREGULAR.set(t.name, t.plural);
for (const [s, p] of [
  ['puppy', 'puppies'],
  ['calf', 'calves'],
  ['larva', 'larvae'],
  ['fry', 'fry'],
  ['fish', 'fish'],
  ['child', 'children'],
  ['leaf', 'leaves'],
  ['berry', 'berries'],
] as const)
  IRREGULAR.set(s, p);

/** The plural of a noun: the irregular table, then -es after s/x/z/ch/sh, -ies after consonant+y, else -s. */
export function plural(noun: string): string {
  const known = IRREGULAR.get(noun);
  if (known !== undefined) return known;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** "a" or "an" by the first letter (vowel letters only: the world's words have no silent h). */
export function article(word: string): 'a' | 'an' {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The word with its indefinite article: "an owl", "a wug". */
export function withArticle(word: string): string {
  return `${article(word)} ${word}`;
}

export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

/** "x", "x and y", "x, y and z". */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Number words for 0..12, digits above. */
export function numberWord(n: number): string {
  return n >= 0 && n < NUMBER_WORDS.length ? NUMBER_WORDS[n] : String(n);
}

/** "1 apple", "3 apples" written with number words: "one apple", "three apples". */
export function count(n: number, noun: string): string {
  return `${numberWord(n)} ${n === 1 ? noun : plural(noun)}`;
}

export function possessive(pronoun: 'he' | 'she'): 'his' | 'her' {
  return pronoun === 'he' ? 'his' : 'her';
}

export function objectPronoun(pronoun: 'he' | 'she'): 'him' | 'her' {
  return pronoun === 'he' ? 'him' : 'her';
}

/** A home with its article: "the sea", "a burrow". */
export function homePhrase(home: string): string {
  return THE_HOMES.includes(home) ? `the ${home}` : withArticle(home);
}

const SINGULAR = new Map([
  ['teeth', 'tooth'],
  ['leaves', 'leaf'],
  ['branches', 'branch'],
  ['blades', 'blade'],
]);

/** The singular noun of a part phrase: "a blade" → "blade", "legs" → "leg", "teeth" → "tooth". */
export function partNoun(phrase: string): string {
  const bare = phrase.replace(/^(a|an) /, '');
  if (bare !== phrase) return bare;
  return SINGULAR.get(bare) ?? bare.replace(/s$/, '');
}

const PAST = new Map([
  ['sings', 'sang'],
  ['hums', 'hummed'],
]);

/** Past tense of a third-person verb: "barks" → "barked", "buzzes" → "buzzed", "sings" → "sang". */
export function pastVerb(verb3: string): string {
  const known = PAST.get(verb3);
  if (known !== undefined) return known;
  const base = /(ss|sh|ch|x|zz)es$/.test(verb3) ? verb3.slice(0, -2) : verb3.replace(/s$/, '');
  if (base.endsWith('e')) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  return `${base}ed`;
}
