// Instructions mined from the generated corpora (datasets/generated/*, train split), which callers
// pass in as document lists (src/core reads no files):
// - text: WordNet glosses ("What does the word X mean?") and World Factbook fields ("What does the
//   Factbook give as the capital - name of Chad?");
// - code: 30-seconds-of-code snippets ("Write the JavaScript function X: <description>" → the
//   snippet, or "what does this call return?") and locutus functions with their `example N:` /
//   `returns N:` pairs ("What does f(x) return?").
// Snippets and functions that the real-code evaluation track uses (realcode-v1/SOURCES.md, both its
// 30-seconds-of-code and lodash lists) are left out by name. lodash itself is not mined: most of its
// documented functions are evaluation items.
import type { Rng } from '../../rng';
import { isRealcodeName } from './hygiene';
import type { InstructionExample } from './types';

/** Documents of the generated corpora (train split), by source name; all optional. */
export interface InstructCorpora {
  wordnet?: readonly string[];
  factbook?: readonly string[];
  thirtySeconds?: readonly string[];
  locutus?: readonly string[];
}

/** Code longer than this (UTF-8 bytes, about) is not shown in an instruction. */
const MAX_CODE = 600;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** One WordNet document → a definition question, or undefined if it does not parse or is long. */
export function wordnetExample(doc: string, id: string): InstructionExample | undefined {
  const m = /^(.+?) \(([a-z ]+)\): (.+)$/s.exec(doc);
  if (!m) return undefined;
  const lemma = m[1].split(', ')[0];
  const gloss = m[3].split('; "')[0].trim();
  const example = /; "([^"]+)"/.exec(m[3])?.[1];
  if (gloss.length < 8 || gloss.length > 240 || lemma.length > 40) return undefined;
  const instruction = lemma.length % 2 === 0 ? `What does the word "${lemma}" mean?` : `Define "${lemma}".`;
  const response = `${lemma} (${m[2]}): ${gloss}.${example ? ` For example: "${example}".` : ''}`;
  return { id, task: 'general', kind: 'text', source: 'wordnet', instruction, response };
}

/** One Factbook document ("Country: Section\nField: value...") → a question about one short field. */
export function factbookExample(doc: string, rng: Rng, id: string): InstructionExample | undefined {
  const [head, ...lines] = doc.split('\n');
  const country = /^(.+?): /.exec(head)?.[1];
  if (!country) return undefined;
  const fields = lines
    .map((l) => /^([A-Z][^:]{2,40}): (.{4,160})$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && !/note/i.test(m[1]));
  if (fields.length === 0) return undefined;
  const [, field, value] = pick(rng, fields);
  return {
    id,
    task: 'general',
    kind: 'text',
    source: 'factbook',
    instruction: `What does the World Factbook give as the ${field.toLowerCase()} of ${country}?`,
    response: `${field} of ${country}: ${value}`,
  };
}

export interface Snippet {
  name: string;
  description: string;
  /** The "how" lines of the snippet's comment. */
  how: string[];
  code: string;
  /** `name(args); // result` example calls. */
  examples: { call: string; result: string }[];
}

/** A 30-seconds-of-code document → its parts, or undefined (no definition, or a realcode snippet). */
export function parseSnippet(doc: string): Snippet | undefined {
  const blocks = doc.split(/\n\s*\n/);
  const comments = blocks[0].split('\n').filter((l) => l.startsWith('// '));
  if (comments.length === 0 || blocks.length < 2) return undefined;
  const code = blocks[1].trimEnd();
  const name = /^(?:const|function)\s+(\w+)/.exec(code)?.[1];
  if (!name || isRealcodeName(name) || code.length > MAX_CODE) return undefined;
  const examples = blocks
    .slice(2)
    .join('\n')
    .split('\n')
    .map((l) => new RegExp(`^(${name}\\(.*\\));? // (.+)$`).exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ call: m[1], result: m[2].trim() }));
  const [description, ...how] = comments.map((l) => l.slice(3).trim());
  return { name, description, how, code, examples };
}

/** A snippet → "write this function" (or, with an example call, sometimes "what does it return"). */
export function snippetExample(s: Snippet, rng: Rng, id: string): InstructionExample {
  const base = { id, task: 'general' as const, kind: 'code' as const, source: '30-seconds-of-code' as const };
  if (s.examples.length > 0 && rng.next() < 0.3) {
    const ex = pick(rng, s.examples);
    return {
      ...base,
      instruction: `Here is a JavaScript function:\n${s.code}\nWhat does ${ex.call} return?`,
      response: `${ex.call} returns ${ex.result}`,
    };
  }
  return {
    ...base,
    instruction: `Write the JavaScript function ${s.name}: ${s.description}`,
    response: [...s.how.map((h) => `// ${h}`), s.code].join('\n'),
  };
}

export interface LocutusFunction {
  name: string;
  /** The function without its header comment (links, authors, examples). */
  code: string;
  examples: { call: string; result: string }[];
}

/** A locutus document → the function and its one-line example calls, or undefined. */
export function parseLocutus(doc: string): LocutusFunction | undefined {
  if (/^import /m.test(doc)) return undefined;
  const name = /^export function (\w+)\(/.exec(doc)?.[1];
  if (!name || isRealcodeName(name)) return undefined;
  const examples = [...doc.matchAll(/\/\/\s+example (\d+): (.+)\n\s*\/\/\s+returns \1: (.+)/g)]
    .map((m) => ({ call: m[2].trim(), result: m[3].trim() }))
    .filter((e) => e.call.startsWith(`${name}(`) && !e.call.includes(';'));
  const code = doc
    .split('\n')
    .filter((l) => !/^\s*\/\/\s+[\w ]+?( \d+)?:/.test(l))
    .join('\n')
    .replace(/^export /, '');
  if (examples.length === 0 || code.length > MAX_CODE) return undefined;
  return { name, code, examples };
}

/** A locutus function → "What does f(x) return?" with the function shown. */
export function locutusExample(f: LocutusFunction, rng: Rng, id: string): InstructionExample {
  const ex = pick(rng, f.examples);
  return {
    id,
    task: 'general',
    kind: 'code',
    source: 'locutus',
    instruction: `Here is a JavaScript function:\n${f.code}\nWhat does ${ex.call} return?`,
    response: `${ex.call} returns ${ex.result}`,
  };
}
