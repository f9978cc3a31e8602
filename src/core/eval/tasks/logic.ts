// Logical reasoning (ProofWriter / FOLIO / LogiQA mirror, DATA.md §6.1): rules over invented
// categories ("Every wug is a blicket.", "No dax is a fep.", "If someone is a wug and a dax, then
// they are a fep.") and facts about people; is a statement true? Closed world (True/False) at L1–L2,
// open world (True/False/Unknown) at L3–L4 with distractor rules, converse traps and a second person;
// proof depth grows with the level. A 'conclusion' variant (L2+) asks which of four sentences follows.
// The label comes from how the item was built; solvers/logic.ts re-derives it by forward chaining.
import type { Rng } from '../../rng';
import { withArticle } from '../../world';
import type { Item, Level, Split } from '../types';
import { between, itemId, itemRng, pick, sample, shuffle, shuffleOptions } from '../util';
import { POOLS } from '../../world';

export const TRUTH_OPTIONS_CWA = ['True', 'False'] as const;
export const TRUTH_OPTIONS_OWA = ['True', 'False', 'Unknown'] as const;
export const CONCLUSION_QUESTION = 'Which statement follows from the text?';

const every = (a: string, b: string) => `Every ${a} is ${withArticle(b)}.`;
const none = (a: string, b: string) => `No ${a} is ${withArticle(b)}.`;
const both = (a: string, d: string, e: string) =>
  `If someone is ${withArticle(a)} and ${withArticle(d)}, then they are ${withArticle(e)}.`;
const isA = (p: string, c: string) => `${p} is ${withArticle(c)}.`;
const isNot = (p: string, c: string) => `${p} is not ${withArticle(c)}.`;
const camel = (w: string) => w[0].toUpperCase() + w.slice(1);
const pred = (c: string) => `const is${camel(c)}`;
const call = (c: string, who = 'x') => `is${camel(c)}(${who})`;

interface Built {
  /** The proof as JavaScript predicates, one line per step (the code twin). */
  code: string[];
  rules: string[];
  facts: string[];
  /** The proof in words, one step per sentence. */
  steps: string[];
  /** Category the person provably is (end of the chain). */
  reached: string;
  /** Categories the person provably is (the chain). */
  chain: string[];
  person: string;
  cats: string[]; // unused fresh categories, for targets and distractors
}

/** A chain c0 → … → cd for one person, with a conjunction link at L4. */
function buildChain(rng: Rng, level: Level, split: Split): Built {
  const pool = POOLS[split];
  const words = shuffle(rng, [...pool.kinds, ...pool.creatures]);
  const people = sample(rng, pool.people, 2).map((p) => p.name);
  const depth = level === 1 ? 1 : level === 2 ? 2 : level === 3 ? between(rng, 2, 3) : between(rng, 3, 5);
  const chain = words.slice(0, depth + 1);
  const cats = words.slice(depth + 1);
  const person = people[0];
  const rules: string[] = [];
  const facts = [isA(person, chain[0])];
  const steps = [`${person} is ${withArticle(chain[0])}.`];
  const code = [`${pred(chain[0])} = (x) => x === '${person}';`];
  const conj = level === 4 ? between(rng, 0, depth - 1) : -1;
  for (let i = 0; i < depth; i++) {
    if (i === conj) {
      const extra = cats.shift() as string;
      rules.push(both(chain[i], extra, chain[i + 1]));
      facts.push(isA(person, extra));
      steps.push(
        `${person} is ${withArticle(chain[i])} and ${withArticle(extra)}, so ${person} is ${withArticle(chain[i + 1])}.`,
      );
      code.splice(1, 0, `${pred(extra)} = (x) => x === '${person}';`);
      code.push(`${pred(chain[i + 1])} = (x) => ${call(chain[i])} && ${call(extra)};`);
    } else {
      rules.push(every(chain[i], chain[i + 1]));
      steps.push(
        `Every ${chain[i]} is ${withArticle(chain[i + 1])}, so ${person} is ${withArticle(chain[i + 1])}.`,
      );
      code.push(`${pred(chain[i + 1])} = (x) => ${call(chain[i])};`);
    }
  }
  return { code, rules, facts, steps, reached: chain[depth], chain, person, cats };
}

/** Irrelevant rules and a second person, none of which touch the first person's categories. */
function distractors(rng: Rng, level: Level, b: Built, split: Split): { rules: string[]; facts: string[] } {
  if (level < 3) return { rules: [], facts: [] };
  const fresh = b.cats.splice(0, 4);
  const rules = [every(fresh[0], fresh[1]), none(fresh[2], fresh[3])];
  const other = pick(
    rng,
    POOLS[split].people.filter((p) => p.name !== b.person),
  ).name;
  const facts = [isA(other, fresh[0])];
  return { rules: level === 3 ? rules.slice(0, 1 + rng.int(2)) : rules, facts: level === 3 ? [] : facts };
}

type Truth = 'True' | 'False' | 'Unknown';

function truthItem(rng: Rng, level: Level, b: Built, split: Split) {
  const owa = level >= 3;
  const answer: Truth = pick(rng, owa ? TRUTH_OPTIONS_OWA : TRUTH_OPTIONS_CWA);
  const extraRules: string[] = [];
  let target = b.reached;
  const steps = [...b.steps];
  const code = [...b.code];
  const no = owa ? 'Unknown' : 'False';
  let last = `console.log(${call(target, `'${b.person}'`)} ? 'True' : '${no}'); // True`;
  if (answer === 'False') {
    target = b.cats.shift() as string;
    const useNegation = owa || rng.next() < 0.5;
    if (useNegation) {
      const j = rng.int(b.chain.length);
      extraRules.push(none(b.chain[j], target));
      steps.splice(j + 1); // the proof up to chain[j]
      code.splice(code.length - (b.chain.length - 1 - j));
      steps.push(`No ${b.chain[j]} is ${withArticle(target)}, so ${b.person} is not ${withArticle(target)}.`);
      code.push(`const isNot${camel(target)} = (x) => ${call(b.chain[j])};`);
      last = `console.log(isNot${camel(target)}('${b.person}') ? 'False' : 'Unknown'); // False`;
    } else {
      extraRules.push(every(target, b.cats.shift() as string));
      steps.push(
        `Nothing says that ${b.person} is ${withArticle(target)}, so (closed world) ${b.person} is not.`,
      );
      code.push(`${pred(target)} = (x) => false; // no rule or fact makes anyone ${withArticle(target)}`);
      last = `console.log(${call(target, `'${b.person}'`)} ? 'True' : 'False'); // False`;
    }
  } else if (answer === 'Unknown') {
    target = b.cats.shift() as string;
    const j = rng.int(b.chain.length);
    extraRules.push(every(target, b.chain[j])); // the converse trap
    steps.push(
      `Every ${target} is ${withArticle(b.chain[j])}, but that does not make every ${b.chain[j]} ${withArticle(target)}; nothing decides whether ${b.person} is ${withArticle(target)}.`,
    );
    code.push(
      `// Every ${target} is ${withArticle(b.chain[j])}: that runs the other way and proves nothing about ${b.person}.`,
    );
    last = "console.log('Unknown'); // Unknown";
  } else if (level >= 3 && rng.next() < 0.5) {
    // a True target that is not at the end: ask about an inner link
    const j = between(rng, 1, b.chain.length - 1);
    target = b.chain[j];
    steps.splice(j + 1);
    code.splice(code.length - (b.chain.length - 1 - j));
    last = `console.log(${call(target, `'${b.person}'`)} ? 'True' : '${no}'); // True`;
  }
  const d = distractors(rng, level, b, split);
  const context = [
    ...shuffle(rng, [...b.rules, ...extraRules, ...d.rules]),
    ...shuffle(rng, [...b.facts, ...d.facts]),
  ];
  const { options, answer: index } = shuffleOptions(
    rng,
    answer,
    (owa ? TRUTH_OPTIONS_OWA : TRUTH_OPTIONS_CWA).filter((o) => o !== answer),
  );
  code.push(last);
  return {
    context,
    question: `Is ${b.person} ${withArticle(target)}?`,
    options,
    answer: index,
    steps,
    label: answer,
    code,
  };
}

function conclusionItem(rng: Rng, level: Level, b: Built, split: Split) {
  const neg = b.cats.shift() as string;
  const unknown = b.cats.shift() as string;
  const j = rng.int(b.chain.length);
  const rules = [...b.rules, none(b.chain[j], neg), every(unknown, b.chain[b.chain.length - 1])];
  const negates = rng.next() < 0.5;
  const correct = negates ? isNot(b.person, neg) : isA(b.person, b.reached);
  const steps = negates
    ? [
        ...b.steps.slice(0, j + 1),
        `No ${b.chain[j]} is ${withArticle(neg)}, so ${b.person} is not ${withArticle(neg)}.`,
      ]
    : b.steps;
  const code = [...b.code];
  if (negates) code.push(`const isNot${camel(neg)} = (x) => ${call(b.chain[j])};`);
  code.push(
    `console.log(${negates ? `isNot${camel(neg)}` : `is${camel(b.reached)}`}('${b.person}')); // true: ${JSON.stringify(correct)} follows`,
  );
  const d = distractors(rng, level, b, split);
  const other = pick(
    rng,
    POOLS[split].people.filter((p) => p.name !== b.person),
  ).name;
  const wrong = [
    isA(b.person, unknown), // converse trap: unknown
    negates ? isA(b.person, neg) : isNot(b.person, b.chain[rng.int(b.chain.length)]), // contradicts
    isA(other, b.reached), // wrong person: unknown
  ];
  const context = [...shuffle(rng, [...rules, ...d.rules]), ...shuffle(rng, [...b.facts, ...d.facts])];
  const { options, answer } = shuffleOptions(rng, correct, wrong);
  return { context, question: CONCLUSION_QUESTION, options, answer, steps, label: correct, code };
}

export function generateLogic(level: Level, seed: number, split: Split): Item {
  const rng = itemRng('logic', level, split, seed);
  const b = buildChain(rng, level, split);
  const variant = level >= 2 && rng.next() < 0.3 ? 'conclusion' : 'truth';
  const made =
    variant === 'conclusion' ? conclusionItem(rng, level, b, split) : truthItem(rng, level, b, split);
  return {
    id: itemId('logic', level, split, seed),
    task: 'logic',
    level,
    split,
    format: 'mc',
    variant,
    context: made.context.join(' '),
    question: made.question,
    options: made.options,
    answer: made.answer,
    rationale_text: `${made.steps.join(' ')} Answer: ${made.label}`,
    rationale_code: made.code.join('\n'),
  };
}
