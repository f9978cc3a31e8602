// Reading comprehension answered from a passage (the paper's C3 negative-transfer check, PAPER.md
// §3): a short story (reading-story.ts) and a four-option question about it. L1 one person, three
// facts, wrong options from outside the passage; L2 two people with facts of the same kinds, so the
// other person's fact is a wrong option, and "who …?" questions; L3 the same told with pronouns
// ("She bought three pears."); L4 two steps: a total over both people, what is left after eating,
// who has a toy after it was given away, or where someone went first or next.
// solvers/reading.ts answers from a parse of the passage alone.
import type { Rng } from '../../rng';
import { COLOURS, FEELINGS, FOODS, NUMBER_WORDS, POOLS, numberWord, plural, withArticle } from '../../world';
import type { Item, Level, Split } from '../types';
import { between, itemId, itemRng, pick, pickDistractors, sample, shuffle, shuffleOptions } from '../util';
import {
  EVENT_KINDS,
  READING_PLACES,
  drawFacts,
  drawPeople,
  tell,
  type EventKind,
  type Facts,
  type Story,
  type StorySentence,
} from './reading-story';

interface Question {
  variant: string;
  question: string;
  answer: string;
  /** Plausible wrong answers (from the passage first), then fallbacks. */
  candidates: string[];
  fallback: string[];
  /** The sentences that answer it. */
  support: (s: StorySentence) => boolean;
  /** A JS expression over `story` (and `words`, the number words) that evaluates to the answer. */
  expr: string;
  /** A step in words beyond quoting the support (for two-step questions). */
  step?: string;
}

const q = JSON.stringify;
const PRONOUN_SUBJECT = /^(?:(?:First|Then), )?(he|she|He|She) /;
const bought = (f: Facts) => `${numberWord(f.bought!.n)} ${plural(f.bought!.food)}`;
const numbers = (n: number) =>
  [n + 1, n - 1, n + 2, n - 2, n + 3].filter((x) => x >= 1 && x <= 12).map(numberWord);

function pools(split: Split): Record<EventKind, readonly string[]> {
  return {
    lives: POOLS[split].places,
    went: READING_PLACES,
    bought: FOODS.map((f) => `${numberWord(2 + (f.length % 4))} ${plural(f)}`),
    had: COLOURS,
    saw: POOLS[split].creatures.map(withArticle),
    felt: FEELINGS,
  };
}

/** "What …?" about one person's fact of `kind`. */
function whatQuestion(rng: Rng, story: Story, who: string, kind: EventKind, split: Split): Question {
  const f = story.facts[who];
  const others = story.people.map((p) => story.facts[p.name]).filter((o) => o !== f);
  const support = (s: StorySentence) => s.about === who && s.kind === kind;
  const base = { support, fallback: [...pools(split)[kind]] };
  const s = `story[${q(who)}]`;
  switch (kind) {
    case 'lives':
      return {
        ...base,
        variant: 'where-live',
        question: `Where does ${who} live?`,
        answer: f.lives!,
        candidates: others.map((o) => o.lives!),
        expr: `${s}.lives`,
      };
    case 'went':
      return {
        ...base,
        variant: 'where-go',
        question: `Where did ${who} go?`,
        answer: f.went[0],
        candidates: others.map((o) => o.went[0]),
        expr: `${s}.went[0]`,
      };
    case 'bought':
      if (rng.next() < 0.5)
        return {
          ...base,
          variant: 'how-many',
          question: `How many ${plural(f.bought!.food)} did ${who} buy?`,
          answer: numberWord(f.bought!.n),
          candidates: [...others.map((o) => numberWord(o.bought!.n)), ...numbers(f.bought!.n)],
          fallback: NUMBER_WORDS.slice(1),
          expr: `words[${s}.bought.n]`,
        };
      return {
        ...base,
        variant: 'what-buy',
        question: `What did ${who} buy?`,
        answer: bought(f),
        candidates: [
          ...others.map(bought),
          ...others.map((o) => `${numberWord(f.bought!.n)} ${plural(o.bought!.food)}`),
          `${numberWord(f.bought!.n + 1)} ${plural(f.bought!.food)}`,
        ],
        expr: `words[${s}.bought.n] + ' ' + ${s}.bought.what`,
      };
    case 'had':
      return {
        ...base,
        variant: 'colour',
        question: `What colour was ${who}'s ${f.had!.toy}?`,
        answer: f.had!.colour,
        candidates: others.map((o) => o.had!.colour),
        expr: `${s}.had.colour`,
      };
    case 'saw':
      return {
        ...base,
        variant: 'what-see',
        question: `What did ${who} see?`,
        answer: withArticle(f.saw!),
        candidates: others.map((o) => withArticle(o.saw!)),
        expr: `'a' + (/^[aeiou]/.test(${s}.saw) ? 'n ' : ' ') + ${s}.saw`,
      };
    case 'felt':
      return {
        ...base,
        variant: 'feel',
        question: `How did ${who} feel?`,
        answer: f.felt!,
        candidates: others.map((o) => o.felt!),
        expr: `${s}.felt`,
      };
  }
}

/** "Who …?" about a fact only one of the two people has. */
function whoQuestion(story: Story, who: string, kind: EventKind, split: Split): Question {
  const f = story.facts[who];
  const clue: Record<EventKind, [string, string]> = {
    lives: [`Who lives in ${f.lives}?`, `.lives === ${q(f.lives)}`],
    went: [`Who went to ${f.went[0]}?`, `.went.includes(${q(f.went[0])})`],
    bought: [
      `Who bought ${plural(f.bought?.food ?? '')}?`,
      `.bought?.what === ${q(plural(f.bought?.food ?? ''))}`,
    ],
    had: [`Who had ${withArticle(f.had?.colour ?? '')} ${f.had?.toy}?`, `.had?.toy === ${q(f.had?.toy)}`],
    saw: [`Who saw ${withArticle(f.saw ?? '')}?`, `.saw === ${q(f.saw)}`],
    felt: [`Who felt ${f.felt}?`, `.felt === ${q(f.felt)}`],
  };
  const [question, test] = clue[kind];
  return {
    variant: 'who',
    question,
    answer: who,
    candidates: story.people.map((p) => p.name),
    fallback: POOLS[split].people.map((p) => p.name),
    support: (s) => s.about === who && s.kind === kind,
    expr: `Object.keys(story).find((p) => story[p]${test})`,
  };
}

/** Level 4: a two-step question; sets up the facts it needs before the story is told. */
function twoStep(rng: Rng, facts: Record<string, Facts>, who: string, other: string, split: Split): Question {
  const f = facts[who];
  const g = facts[other];
  const kind = pick(rng, ['total', 'left', 'gave', 'order'] as const);
  if (kind === 'total') {
    g.bought = { food: f.bought!.food, n: between(rng, 2, 6) };
    const total = f.bought!.n + g.bought.n;
    return {
      variant: 'total',
      question: `How many ${plural(f.bought!.food)} did ${who} and ${other} buy in all?`,
      answer: numberWord(total),
      candidates: [f.bought!.n, g.bought.n, total + 1, total - 1].map(numberWord),
      fallback: NUMBER_WORDS.slice(1),
      support: (s) => s.kind === 'bought',
      expr: `words[story[${q(who)}].bought.n + story[${q(other)}].bought.n]`,
      step: `${numberWord(f.bought!.n)} and ${numberWord(g.bought.n)} make ${numberWord(total)}.`,
    };
  }
  if (kind === 'left') {
    f.bought!.n = between(rng, 3, 8);
    f.ate = between(rng, 1, f.bought!.n - 1);
    const left = f.bought!.n - f.ate;
    return {
      variant: 'left',
      question: `How many ${plural(f.bought!.food)} does ${who} have now?`,
      answer: numberWord(left),
      candidates: [f.bought!.n, f.ate, left + 1, f.bought!.n + f.ate].filter((n) => n <= 12).map(numberWord),
      fallback: NUMBER_WORDS.slice(1),
      support: (s) => s.about === who && (s.kind === 'bought' || s.kind === 'ate'),
      expr: `words[story[${q(who)}].bought.n - story[${q(who)}].ate]`,
      step: `${numberWord(f.bought!.n)} take away ${numberWord(f.ate)} leaves ${numberWord(left)}.`,
    };
  }
  if (kind === 'gave') {
    f.gaveTo = other;
    return {
      variant: 'has-now',
      question: `Who has the ${f.had!.colour} ${f.had!.toy} now?`,
      answer: other,
      candidates: [who],
      fallback: POOLS[split].people.map((p) => p.name),
      support: (s) => s.about === who && (s.kind === 'had' || s.kind === 'gave'),
      expr: `Object.values(story).find((p) => p.had?.toy === ${q(f.had!.toy)}).gaveTo`,
      step: `${who} gave it away, so ${other} has it now.`,
    };
  }
  const [next] = sample(
    rng,
    READING_PLACES.filter((x) => x !== f.went[0] && x !== g.went[0]),
    1,
  );
  f.went.push(next);
  const first = rng.next() < 0.5;
  return {
    variant: first ? 'first' : 'next',
    question: first ? `Where did ${who} go first?` : `Where did ${who} go after ${f.went[0]}?`,
    answer: first ? f.went[0] : next,
    candidates: [first ? next : f.went[0], g.went[0]],
    fallback: READING_PLACES,
    support: (s) => s.about === who && s.kind === 'went',
    expr: first ? `story[${q(who)}].went[0]` : `story[${q(who)}].went[1]`,
  };
}

/** The facts as the code twin sees them (bought food in the plural, as the text says it). */
function codeState(facts: Record<string, Facts>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(facts).map(([name, f]) => [
      name,
      { ...f, bought: f.bought ? { what: plural(f.bought.food), n: f.bought.n } : undefined },
    ]),
  );
}

export function generateReading(level: Level, seed: number, split: Split): Item<'reading'> {
  const rng = itemRng('reading', level, split, seed);
  const people = drawPeople(rng, level === 1 ? 1 : 2, split, level >= 3);
  const [who, other] = shuffle(rng, people).map((p) => p.name);
  let kinds: EventKind[];
  let question: Question;
  if (level === 4) {
    kinds = ['bought', 'had', 'went', ...sample(rng, ['lives', 'saw', 'felt'] as EventKind[], 1)];
    const facts = drawFacts(rng, people, kinds, split);
    question = twoStep(rng, facts, who, other, split);
    return finish(rng, level, seed, split, tell(rng, people, facts, shuffle(rng, kinds), true), question);
  }
  kinds = sample(rng, EVENT_KINDS, level === 1 ? 3 : between(rng, 2, 3));
  const facts = drawFacts(rng, people, kinds, split);
  const story = tell(rng, people, facts, kinds, level >= 3);
  const kind = pick(rng, kinds);
  question =
    level >= 2 && rng.next() < 0.35
      ? whoQuestion(story, who, kind, split)
      : whatQuestion(rng, story, who, kind, split);
  return finish(rng, level, seed, split, story, question);
}

function finish(
  rng: Rng,
  level: Level,
  seed: number,
  split: Split,
  story: Story,
  qn: Question,
): Item<'reading'> {
  const distractors = pickDistractors(rng, qn.answer, qn.candidates, shuffle(rng, qn.fallback), 3);
  const { options, answer } = shuffleOptions(rng, qn.answer, distractors);
  const quoted = story.sentences
    .filter(qn.support)
    .map((s) => `"${s.text}"`)
    .join(' ');
  const refers = story.sentences.filter(qn.support).flatMap((s) => {
    const m = s.text.match(PRONOUN_SUBJECT);
    return m ? [`"${m[1]}" there is ${s.about}.`] : [];
  });
  return {
    id: itemId('reading', level, split, seed),
    task: 'reading',
    level,
    split,
    format: 'mc',
    variant: qn.variant,
    context: story.sentences.map((s) => s.text).join(' '),
    question: qn.question,
    options,
    answer,
    rationale_text: [`The passage says: ${quoted}`, ...new Set(refers), qn.step, `Answer: ${qn.answer}`]
      .filter((x) => x)
      .join(' '),
    rationale_code: [
      `const story = ${JSON.stringify(codeState(story.facts))};`,
      `const words = ${JSON.stringify(NUMBER_WORDS)};`,
      `console.log(${qn.expr}); // ${qn.answer}`,
    ].join('\n'),
  };
}
