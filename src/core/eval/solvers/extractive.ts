// Independent solver for extractive-QA items: parses the document's sentences (not the generator's
// facts) into entity → relation → span, resolving "It"/"Its" to the entity last named, then maps the
// question to an entity and a relation (or, for reverse questions, a relation and a value) and returns
// the span. Plural nouns are mapped back to their singular by the small world's name lists.
import { POOLS, plural } from '../../world';
import type { AnyItem } from '../types';

const SINGULAR = new Map(
  [...POOLS.train.creatures, ...POOLS.train.objects, ...POOLS.eval.creatures, ...POOLS.eval.objects].map(
    (w) => [plural(w), w] as const,
  ),
);

/** Sentence patterns: [regex, relations filled by groups 2.. (group 1 names the entity or is empty for "It")]. */
const SENTENCES: [RegExp, string[]][] = [
  [/^(?:The (\w+)|It) is a kind of (\w+)\.$/, ['kind']],
  [/^(?:The (\w+)|It) lives in (.+)\.$/, ['home']],
  [/^(?:The (\w+)|It) eats (.+)\.$/, ['food']],
  [/^(?:The young of the (\w+)|Its young) is called (.+)\.$/, ['young']],
  [/^When it is happy, (?:the (\w+)|it) (\w+)\.$/, ['sound']],
  [/^(?:The (\w+)|It) is an? (big|small) animal\.$/, ['size']],
  [/^The first (\w+) was found by (\w+) in (\w+)\.$/, ['finder', 'found-in']],
  [/^(?:An? (\w+)|It) is made of (\w+)\.$/, ['material']],
  [/^People use (?:an? (\w+)|it) for (.+)\.$/, ['use']],
  [/^(?:An? (\w+)|It) is part of (.+)\.$/, ['part-of']],
  [/^(?:(?!It )([A-Z]\w+)|It) is a small town near (.+)\.$/, ['near']],
  [/^(?:The mayor of (\w+)|Its mayor) is (\w+)\.$/, ['mayor']],
  [/^(?:(?!It )([A-Z]\w+)|It) has (\w+) bridges\.$/, ['bridges']],
  [/^(?:(?!It )([A-Z]\w+)|It) holds a fair (in \w+)\.$/, ['fair']],
  [/^(?:The people of (\w+)|Its people) grow (\w+)\.$/, ['grow']],
];

const FORWARD: [RegExp, string][] = [
  [/^What is the (\w+) a kind of\?$/, 'kind'],
  [/^Where does the (\w+) live\?$/, 'home'],
  [/^What does the (\w+) eat\?$/, 'food'],
  [/^What is the young of the (\w+) called\?$/, 'young'],
  [/^What colour are most (\w+)\?$/, 'colour'],
  [/^What does the (\w+) do when it is happy\?$/, 'sound'],
  [/^Is the (\w+) a big or a small animal\?$/, 'size'],
  [/^Who found the first (\w+)\?$/, 'finder'],
  [/^Where was the first (\w+) found\?$/, 'found-in'],
  [/^What is an? (\w+) made of\?$/, 'material'],
  [/^What do people use an? (\w+) for\?$/, 'use'],
  [/^What is an? (\w+) part of\?$/, 'part-of'],
  [/^What is (\w+) near\?$/, 'near'],
  [/^Who is the mayor of (\w+)\?$/, 'mayor'],
  [/^How many bridges does (\w+) have\?$/, 'bridges'],
  [/^When does (\w+) hold a fair\?$/, 'fair'],
  [/^What do the people of (\w+) grow\?$/, 'grow'],
];

const REVERSE: [RegExp, string][] = [
  [/^Which animal has young called (.+)\?$/, 'young'],
  [/^Which animal eats (.+)\?$/, 'food'],
  [/^Which animal lives in (.+)\?$/, 'home'],
  [/^Which thing is made of (.+)\?$/, 'material'],
  [/^Which thing do people use for (.+)\?$/, 'use'],
  [/^Which thing is part of (.+)\?$/, 'part-of'],
  [/^Which town has (\w+) as its mayor\?$/, 'mayor'],
  [/^Which town is near (.+)\?$/, 'near'],
  [/^In which town do people grow (\w+)\?$/, 'grow'],
];

/** The document as entity → relation → span. */
export function readDocument(doc: string): Map<string, Map<string, string>> {
  const table = new Map<string, Map<string, string>>();
  let last: string | undefined;
  for (const sentence of doc.split(/(?<=\.) /)) {
    let name: string | undefined;
    let values: [string, string][];
    const colour = sentence.match(/^Most (\w+) are (\w+)\.$/);
    if (colour) {
      name = SINGULAR.get(colour[1]) ?? colour[1];
      values = [['colour', colour[2]]];
    } else {
      const hit = SENTENCES.find(([re]) => re.test(sentence));
      if (!hit) throw new Error(`extractive solver: cannot parse ${JSON.stringify(sentence)}`);
      const m = sentence.match(hit[0])!;
      name = m[1] ?? last;
      values = hit[1].map((rel, i) => [rel, m[2 + i]]);
    }
    if (name === undefined)
      throw new Error(`extractive solver: "It" before any name in ${JSON.stringify(doc)}`);
    last = name;
    const facts = table.get(name) ?? new Map<string, string>();
    for (const [rel, value] of values) facts.set(rel, value);
    table.set(name, facts);
  }
  return table;
}

/** The answer span for `question`, checked to occur in the document. */
export function extractAnswer(doc: string, question: string): string {
  const table = readDocument(doc);
  let span: string | undefined;
  for (const [re, rel] of FORWARD) {
    const m = question.match(re);
    if (m) span = table.get(SINGULAR.get(m[1]) ?? m[1])?.get(rel);
  }
  for (const [re, rel] of REVERSE) {
    const m = question.match(re);
    if (!m) continue;
    const hits = [...table].filter(([, facts]) => facts.get(rel) === m[1]).map(([name]) => name);
    if (hits.length !== 1) throw new Error(`extractive solver: ${hits.length} entities fit "${question}"`);
    span = hits[0];
  }
  if (span === undefined) throw new Error(`extractive solver: no answer to ${JSON.stringify(question)}`);
  if (!doc.includes(span)) throw new Error(`extractive solver: "${span}" is not a span of the document`);
  return span;
}

export function solveExtractive(item: AnyItem): string {
  return extractAnswer(item.context, item.question);
}
