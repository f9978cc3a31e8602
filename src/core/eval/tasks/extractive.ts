// Extractive question answering by generation (the paper's DuReader negative-transfer check, PAPER.md
// §3): a short document (extractive-doc.ts) and a question whose answer is a span of it; the model
// writes the answer after "Answer:", scored by exact match and token F1 after SQuAD-style
// normalisation (scoring/squad.ts). L1 one entity, two facts; L2 one entity, four or five facts; L3
// two entities of one type with the asked fact's counterpart in the other (a distractor span);
// L4 the same told with "It"/"Its", and some questions asked in reverse ("Which animal eats seeds?").
// solvers/extractive.ts finds the span from a parse of the document alone.
import type { Rng } from '../../rng';
import type { Item, Level, Split } from '../types';
import { between, itemId, itemRng, pick, shuffle } from '../util';
import { drawEntities, entityText, type Entity, type Fact } from './extractive-doc';

/** Questions that name the fact and ask for the entity, by relation. */
const REVERSE: Record<string, (answer: string) => string> = {
  young: (a) => `Which animal has young called ${a}?`,
  food: (a) => `Which animal eats ${a}?`,
  home: (a) => `Which animal lives in ${a}?`,
  material: (a) => `Which thing is made of ${a}?`,
  use: (a) => `Which thing do people use for ${a}?`,
  'part-of': (a) => `Which thing is part of ${a}?`,
  mayor: (a) => `Which town has ${a} as its mayor?`,
  near: (a) => `Which town is near ${a}?`,
  grow: (a) => `In which town do people grow ${a}?`,
};

/** Up to `n` facts of an entity including `must`, one per sentence (two questions share one). */
function chooseFacts(rng: Rng, e: Entity, n: number, must: Fact | undefined): Fact[] {
  const rest = shuffle(
    rng,
    e.facts.filter((f) => f !== must && f.named !== must?.named),
  );
  const out = must ? [must] : [];
  for (const f of rest) if (out.length < n && !out.some((o) => o.named === f.named)) out.push(f);
  const order = shuffle(rng, out);
  // Lead with a sentence about one of it ("A quib is …", not "Most quibs are …"), so a later "It" reads well.
  const lead = order.findIndex((f) => f.pronoun !== undefined);
  return lead > 0 ? [order[lead], ...order.slice(0, lead), ...order.slice(lead + 1)] : order;
}

export function generateExtractive(level: Level, seed: number, split: Split): Item<'extractive'> {
  const rng = itemRng('extractive', level, split, seed);
  const entities = drawEntities(rng, split, level >= 3 ? 2 : 1);
  const [asked, other] = entities;
  const differs = (f: Fact) =>
    !other || other.facts.find((g) => g.relation === f.relation)?.answer !== f.answer;
  const fact = pick(rng, asked.facts.filter(differs));
  const reverse = level === 4 && REVERSE[fact.relation] !== undefined && rng.next() < 0.4;
  const perEntity = level === 1 ? 2 : level === 2 ? between(rng, 4, 5) : 3;
  const blocks = entities.map((e) => {
    const twin = e === asked ? fact : e.facts.find((g) => g.relation === fact.relation);
    return { e, facts: chooseFacts(rng, e, perEntity, twin) };
  });
  const pronoun = level === 4;
  const ordered = level >= 3 ? shuffle(rng, blocks) : blocks;
  const document = ordered.flatMap((b) => entityText(b.facts, pronoun)).join(' ');
  const mine = blocks[0].facts;
  const sentence = entityText(mine, pronoun)[mine.indexOf(fact)];
  const answer = reverse ? asked.name : fact.answer;
  const question = reverse ? REVERSE[fact.relation](fact.answer) : fact.question;
  const key = JSON.stringify(asked.name);
  const table = Object.fromEntries(
    entities.map((e) => [e.name, Object.fromEntries(e.facts.map((f) => [f.relation, f.answer]))]),
  );
  const refers =
    sentence !== fact.named
      ? ` There "${/^Its /.test(sentence) ? 'Its' : 'It'}" means the ${asked.name}.`
      : '';
  return {
    id: itemId('extractive', level, split, seed),
    task: 'extractive',
    level,
    split,
    format: 'exact',
    variant: `${asked.type}-${fact.relation}${reverse ? '-reverse' : ''}`,
    context: document,
    question,
    options: [],
    answer,
    rationale_text: `The document says: "${sentence}"${refers}${reverse ? ` That is the ${asked.name}.` : ''} Answer: ${answer}`,
    rationale_code: [
      `const facts = ${JSON.stringify(table)};`,
      reverse
        ? `console.log(Object.keys(facts).find((k) => facts[k][${JSON.stringify(fact.relation)}] === ${JSON.stringify(fact.answer)})); // ${answer}`
        : `console.log(facts[${key}][${JSON.stringify(fact.relation)}]); // ${answer}`,
    ].join('\n'),
  };
}
