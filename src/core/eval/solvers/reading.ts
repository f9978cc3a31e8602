// Independent solver for reading-comprehension items: reads the passage sentence by sentence (not the
// generator's facts) into a record per person — resolving "he"/"she" to the last person of that
// gender mentioned, by the name lists of the small world — then answers the question from the record
// and picks the option with that text.
import { NUMBER_WORDS, POOLS } from '../../world';
import type { AnyItem } from '../types';

interface Notes {
  lives?: string;
  went: string[];
  bought?: { n: number; what: string };
  ate?: number;
  had?: { colour: string; toy: string };
  gaveTo?: string;
  saw?: string;
  felt?: string;
}

const GENDER = new Map(
  [...POOLS.train.people, ...POOLS.eval.people].map((p) => [p.name, p.pronoun] as const),
);
const num = (w: string) => {
  const n = (NUMBER_WORDS as readonly string[]).indexOf(w);
  if (n < 0) throw new Error(`reading solver: not a number word: ${w}`);
  return n;
};
const word = (n: number) => NUMBER_WORDS[n];

/** The passage as a record per person. */
export function readPassage(passage: string): Map<string, Notes> {
  const people = new Map<string, Notes>();
  const recent: string[] = [];
  const mention = (name: string) => {
    if (!people.has(name)) people.set(name, { went: [] });
    recent.push(name);
    return people.get(name)!;
  };
  const resolve = (subject: string): Notes => {
    if (/^[A-Z][a-z]+$/.test(subject) && subject !== 'He' && subject !== 'She') return mention(subject);
    const gender = subject.toLowerCase();
    const name = [...recent].reverse().find((n) => GENDER.get(n) === gender);
    if (!name) throw new Error(`reading solver: nobody for "${subject}" to refer to`);
    return mention(name);
  };
  for (const sentence of passage.split(/(?<=\.) /)) {
    let m: RegExpMatchArray | null;
    if ((m = sentence.match(/^This is a story about ([A-Z][a-z]+)\.$/))) {
      mention(m[1]);
      continue;
    }
    if ((m = sentence.match(/^([A-Z][a-z]+) and ([A-Z][a-z]+) are friends\.$/))) {
      mention(m[1]);
      mention(m[2]);
      continue;
    }
    m = sentence.match(/^(?:(?:First|Then), )?([A-Za-z]+) (.*)\.$/);
    if (!m) throw new Error(`reading solver: cannot parse ${JSON.stringify(sentence)}`);
    const r = resolve(m[1]);
    const rest = m[2];
    if ((m = rest.match(/^lives in (\w+)$/))) r.lives = m[1];
    else if ((m = rest.match(/^went to (.+)$/))) r.went.push(m[1]);
    else if ((m = rest.match(/^bought (\w+) (\w+)$/))) r.bought = { n: num(m[1]), what: m[2] };
    else if ((m = rest.match(/^ate (\w+) of them$/))) r.ate = num(m[1]);
    else if ((m = rest.match(/^had an? (\w+) (.+)$/))) r.had = { colour: m[1], toy: m[2] };
    else if ((m = rest.match(/^gave (?:his|her) (.+) to ([A-Z][a-z]+)$/))) {
      if (r.had?.toy !== m[1]) throw new Error(`reading solver: gave a ${m[1]} it did not have`);
      r.gaveTo = m[2];
      mention(m[2]);
    } else if ((m = rest.match(/^saw (an? \w+)$/))) r.saw = m[1];
    else if ((m = rest.match(/^felt (\w+)$/))) r.felt = m[1];
    else throw new Error(`reading solver: cannot parse ${JSON.stringify(sentence)}`);
  }
  return people;
}

/** The answer to `question` from the passage, as text. */
export function answerFromPassage(passage: string, question: string): string {
  const people = readPassage(passage);
  const of = (name: string) => {
    const r = people.get(name);
    if (!r) throw new Error(`reading solver: ${name} is not in the passage`);
    return r;
  };
  const only = (test: (r: Notes) => boolean) => {
    const found = [...people].filter(([, r]) => test(r)).map(([n]) => n);
    if (found.length !== 1) throw new Error(`reading solver: ${found.length} people fit "${question}"`);
    return found[0];
  };
  let m: RegExpMatchArray | null;
  if ((m = question.match(/^Where does (\w+) live\?$/))) return of(m[1]).lives!;
  if ((m = question.match(/^Where did (\w+) go( first)?\?$/))) {
    const went = of(m[1]).went;
    if (!m[2] && went.length !== 1) throw new Error('reading solver: went to several places');
    return went[0];
  }
  if ((m = question.match(/^Where did (\w+) go after (.+)\?$/))) {
    const went = of(m[1]).went;
    return went[went.indexOf(m[2]) + 1];
  }
  if ((m = question.match(/^How many (\w+) did (\w+) and (\w+) buy in all\?$/))) {
    const [a, b] = [of(m[2]).bought!, of(m[3]).bought!];
    if (a.what !== m[1] || b.what !== m[1]) throw new Error('reading solver: they bought other things');
    return word(a.n + b.n);
  }
  if ((m = question.match(/^How many (\w+) (?:did (\w+) buy|does (\w+) have now)\?$/))) {
    const r = of(m[2] ?? m[3]);
    if (r.bought?.what !== m[1]) throw new Error(`reading solver: did not buy ${m[1]}`);
    return word(m[2] ? r.bought.n : r.bought.n - (r.ate ?? 0));
  }
  if ((m = question.match(/^What did (\w+) buy\?$/))) {
    const b = of(m[1]).bought!;
    return `${word(b.n)} ${b.what}`;
  }
  if ((m = question.match(/^What colour was (\w+)'s (.+)\?$/))) {
    const h = of(m[1]).had!;
    if (h.toy !== m[2]) throw new Error(`reading solver: no ${m[2]}`);
    return h.colour;
  }
  if ((m = question.match(/^What did (\w+) see\?$/))) return of(m[1]).saw!;
  if ((m = question.match(/^How did (\w+) feel\?$/))) return of(m[1]).felt!;
  if ((m = question.match(/^Who has the (\w+) (.+) now\?$/))) {
    const [c, t] = [m[1], m[2]];
    const owner = only((r) => r.had?.colour === c && r.had.toy === t);
    return of(owner).gaveTo ?? owner;
  }
  if ((m = question.match(/^Who lives in (\w+)\?$/))) return only((r) => r.lives === m![1]);
  if ((m = question.match(/^Who went to (.+)\?$/))) return only((r) => r.went.includes(m![1]));
  if ((m = question.match(/^Who bought (\w+)\?$/))) return only((r) => r.bought?.what === m![1]);
  if ((m = question.match(/^Who had an? (\w+) (.+)\?$/)))
    return only((r) => r.had?.colour === m![1] && r.had.toy === m![2]);
  if ((m = question.match(/^Who saw (an? \w+)\?$/))) return only((r) => r.saw === m![1]);
  if ((m = question.match(/^Who felt (\w+)\?$/))) return only((r) => r.felt === m![1]);
  throw new Error(`reading solver: cannot parse the question ${JSON.stringify(question)}`);
}

export function solveReading(item: AnyItem): number {
  const text = answerFromPassage(item.context, item.question);
  const i = item.options.indexOf(text);
  if (i < 0) throw new Error(`reading solver: "${text}" is not an option of ${item.id}`);
  return i;
}
