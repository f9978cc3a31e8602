// Independent solver for logic items: parses the English sentences of the item (not the generator's
// data) and forward-chains over literals "person is (not) category" with modus ponens, the
// contrapositive of "every", both directions of "no", and conjunctive rules, to a fixpoint. Closed
// world when the options have no "Unknown": anything not proved true is false.
import type { Item } from '../types';

type Rule =
  | { kind: 'every'; a: string; b: string }
  | { kind: 'none'; a: string; b: string }
  | { kind: 'both'; a: string; d: string; e: string };
interface Literal {
  person: string;
  cat: string;
  positive: boolean;
}

const A = 'an? ';
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Rule | Literal][] = [
  [new RegExp(`^Every (\\w+) is ${A}(\\w+)\\.$`), (m) => ({ kind: 'every', a: m[1], b: m[2] })],
  [new RegExp(`^No (\\w+) is ${A}(\\w+)\\.$`), (m) => ({ kind: 'none', a: m[1], b: m[2] })],
  [
    new RegExp(`^If someone is ${A}(\\w+) and ${A}(\\w+), then they are ${A}(\\w+)\\.$`),
    (m) => ({ kind: 'both', a: m[1], d: m[2], e: m[3] }),
  ],
  [new RegExp(`^([A-Z]\\w*) is not ${A}(\\w+)\\.$`), (m) => ({ person: m[1], cat: m[2], positive: false })],
  [new RegExp(`^([A-Z]\\w*) is ${A}(\\w+)\\.$`), (m) => ({ person: m[1], cat: m[2], positive: true })],
];

export function parseSentence(sentence: string): Rule | Literal {
  for (const [re, make] of PATTERNS) {
    const m = sentence.match(re);
    if (m) return make(m);
  }
  throw new Error(`logic solver: cannot parse ${JSON.stringify(sentence)}`);
}

const key = (l: Literal) => `${l.positive ? '+' : '-'}${l.person}/${l.cat}`;

/** Every literal that follows from the text. */
export function closure(context: string): Set<string> {
  const sentences = context.split(/(?<=\.) /);
  const rules: Rule[] = [];
  const known = new Map<string, Literal>();
  for (const s of sentences) {
    const parsed = parseSentence(s);
    if ('kind' in parsed) rules.push(parsed);
    else known.set(key(parsed), parsed);
  }
  const has = (person: string, cat: string, positive: boolean) => known.has(key({ person, cat, positive }));
  let changed = true;
  while (changed) {
    changed = false;
    const people = new Set([...known.values()].map((l) => l.person));
    const add = (person: string, cat: string, positive: boolean) => {
      const l = { person, cat, positive };
      if (known.has(key(l))) return;
      if (has(person, cat, !positive))
        throw new Error(`logic solver: contradiction about ${person} and ${cat}`);
      known.set(key(l), l);
      changed = true;
    };
    for (const p of people)
      for (const r of rules) {
        if (r.kind === 'every') {
          if (has(p, r.a, true)) add(p, r.b, true);
          if (has(p, r.b, false)) add(p, r.a, false);
        } else if (r.kind === 'none') {
          if (has(p, r.a, true)) add(p, r.b, false);
          if (has(p, r.b, true)) add(p, r.a, false);
        } else if (has(p, r.a, true) && has(p, r.d, true)) add(p, r.e, true);
      }
  }
  return new Set(known.keys());
}

/** The index of the option the text supports. */
export function solveLogic(item: Item): number {
  const facts = closure(item.context);
  const q = item.question.match(/^Is ([A-Z]\w*) an? (\w+)\?$/);
  if (q) {
    const owa = item.options.includes('Unknown');
    const label = facts.has(`+${q[1]}/${q[2]}`)
      ? 'True'
      : facts.has(`-${q[1]}/${q[2]}`) || !owa
        ? 'False'
        : 'Unknown';
    return item.options.indexOf(label);
  }
  const entailed = item.options
    .map((o, i) => {
      const l = parseSentence(o);
      if ('kind' in l) throw new Error(`logic solver: option is a rule: ${o}`);
      return facts.has(key(l)) ? i : -1;
    })
    .filter((i) => i >= 0);
  if (entailed.length !== 1) throw new Error(`logic solver: ${entailed.length} options follow in ${item.id}`);
  return entailed[0];
}
