// The passages of the reading-comprehension task: a short story about one or two of the split's
// people in a closed grammar — where each lives, where they went (in order), what they bought and how
// much of it they ate, the coloured toy they had and whom they gave it to, the creature they saw, how
// they felt. The story keeps its facts as data (for the question and the code twin); the text is
// what the model and the independent solver read. Pronouns replace names only where the two people
// differ in gender, so every "he" or "she" has one referent.
import type { Rng } from '../../rng';
import {
  COLOURS,
  FEELINGS,
  FOODS,
  POOLS,
  TOYS,
  capitalise,
  numberWord,
  plural,
  withArticle,
  type Person,
} from '../../world';
import type { Split } from '../types';
import { between, pick, sample, shuffle } from '../util';

export const READING_PLACES = [
  'the park',
  'the beach',
  'the market',
  'the zoo',
  'the library',
  'the bakery',
  'the lake',
  'the farm',
  'the river',
  'school',
];

export interface Facts {
  lives?: string;
  went: string[];
  bought?: { food: string; n: number };
  ate?: number;
  had?: { colour: string; toy: string };
  gaveTo?: string;
  saw?: string;
  felt?: string;
}

export type EventKind = 'lives' | 'went' | 'bought' | 'had' | 'saw' | 'felt';
export const EVENT_KINDS: readonly EventKind[] = ['lives', 'went', 'bought', 'had', 'saw', 'felt'];

export interface StorySentence {
  text: string;
  about: string;
  kind: EventKind | 'opening' | 'ate' | 'gave';
}

export interface Story {
  people: Person[];
  facts: Record<string, Facts>;
  /** Sentences in order; `about` names the person each is about and `kind` what it tells (for the rationale). */
  sentences: StorySentence[];
}

/** Distinct values of one kind for each person (so in-passage distractors exist). */
export function drawValues(rng: Rng, kind: EventKind, k: number, split: Split): string[] {
  const pool: Record<EventKind, readonly string[]> = {
    lives: POOLS[split].places,
    went: READING_PLACES,
    bought: FOODS,
    had: TOYS,
    saw: POOLS[split].creatures,
    felt: FEELINGS,
  };
  return sample(rng, pool[kind], k);
}

/** Facts for `people`, one value of each kind per person, values distinct between people. */
export function drawFacts(
  rng: Rng,
  people: Person[],
  kinds: EventKind[],
  split: Split,
): Record<string, Facts> {
  const facts: Record<string, Facts> = Object.fromEntries(people.map((p) => [p.name, { went: [] }]));
  for (const kind of kinds) {
    const values = drawValues(rng, kind, people.length, split);
    const colours = sample(rng, COLOURS, people.length);
    people.forEach((p, i) => {
      const f = facts[p.name];
      if (kind === 'lives') f.lives = values[i];
      else if (kind === 'went') f.went.push(values[i]);
      else if (kind === 'bought') f.bought = { food: values[i], n: between(rng, 2, 6) };
      else if (kind === 'had') f.had = { colour: colours[i], toy: values[i] };
      else if (kind === 'saw') f.saw = values[i];
      else f.felt = values[i];
    });
  }
  return facts;
}

/** One event as a sentence with `subject` (a name or a pronoun). */
export function eventSentence(kind: EventKind, f: Facts, subject: string, step = 0): string {
  switch (kind) {
    case 'lives':
      return `${subject} lives in ${f.lives}.`;
    case 'went':
      if (f.went.length === 1) return `${subject} went to ${f.went[0]}.`;
      return `${step === 0 ? 'First' : 'Then'}, ${/^(He|She)$/.test(subject) ? subject.toLowerCase() : subject} went to ${f.went[step]}.`;
    case 'bought':
      return `${subject} bought ${numberWord(f.bought!.n)} ${plural(f.bought!.food)}.`;
    case 'had':
      return `${subject} had ${withArticle(f.had!.colour)} ${f.had!.toy}.`;
    case 'saw':
      return `${subject} saw ${withArticle(f.saw!)}.`;
    case 'felt':
      return `${subject} felt ${f.felt}.`;
  }
}

/**
 * Tells the story: an opening naming everyone, then each person's events (kinds in `order`, the
 * two people's sentences interleaved), then the `extra` sentences (eating, giving) right after the
 * event they follow. With `pronouns`, a share of later subjects become "He"/"She".
 */
export function tell(
  rng: Rng,
  people: Person[],
  facts: Record<string, Facts>,
  order: EventKind[],
  pronouns: boolean,
): Story {
  const sentences: Story['sentences'] = [];
  const names = people.map((p) => p.name);
  sentences.push({
    text:
      people.length === 1 ? `This is a story about ${names[0]}.` : `${names[0]} and ${names[1]} are friends.`,
    about: names.join(','),
    kind: 'opening',
  });
  const distinct = people.length === 1 || people[0].pronoun !== people[1].pronoun;
  const subject = (p: Person) => (pronouns && distinct && rng.next() < 0.6 ? capitalise(p.pronoun) : p.name);
  for (const kind of order) {
    for (const p of shuffle(rng, people)) {
      const f = facts[p.name];
      if (kind === 'went') {
        f.went.forEach((_, step) =>
          sentences.push({ text: eventSentence(kind, f, subject(p), step), about: p.name, kind }),
        );
        continue;
      }
      if (kind === 'bought' && !f.bought) continue;
      if (kind === 'had' && !f.had) continue;
      sentences.push({ text: eventSentence(kind, f, subject(p)), about: p.name, kind });
      if (kind === 'bought' && f.ate !== undefined)
        sentences.push({
          text: `${subject(p)} ate ${numberWord(f.ate)} of them.`,
          about: p.name,
          kind: 'ate',
        });
      if (kind === 'had' && f.gaveTo !== undefined) {
        const pos = p.pronoun === 'he' ? 'his' : 'her';
        sentences.push({
          text: `${subject(p)} gave ${pos} ${f.had!.toy} to ${f.gaveTo}.`,
          about: p.name,
          kind: 'gave',
        });
      }
    }
  }
  return { people, facts, sentences };
}

/** People for a story: one, or two (of different genders when pronouns are wanted). */
export function drawPeople(rng: Rng, n: 1 | 2, split: Split, differentGenders: boolean): Person[] {
  const all = POOLS[split].people;
  const first = pick(rng, all);
  if (n === 1) return [first];
  const rest = all.filter((p) => p.name !== first.name && (!differentGenders || p.pronoun !== first.pronoun));
  return [first, pick(rng, rest)];
}
