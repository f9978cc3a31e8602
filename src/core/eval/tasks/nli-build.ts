// Building blocks of the entailment task (nli.ts): a sentence is its English text plus the same claim
// as a JavaScript predicate over a "world" `w` (a record of variables), and every item declares the
// finite domain of each variable. The code twin of an item enumerates all worlds, keeps those where
// the premise holds, and prints 'entailment' if the hypothesis holds in all of them, 'contradiction'
// if in none, else 'neutral' — the textbook definition, runnable.
import { ANIMALS } from '../../world';

export const NLI_LABELS = ['entailment', 'neutral', 'contradiction'] as const;
export type NliLabel = (typeof NLI_LABELS)[number];

export interface Sentence {
  text: string;
  /** The claim as a JS boolean expression over `w`. */
  js: string;
}

export type Domains = Record<string, readonly (string | number)[]>;

/** What a theme builds: premise sentences, the hypothesis, the label, the reasoning, the domains. */
export interface Built {
  premise: Sentence[];
  hypothesis: Sentence;
  label: NliLabel;
  /** The reasoning in words (one or two sentences, without the final "Answer: …"). */
  why: string;
  domains: Domains;
}

const str = (x: string | number) => JSON.stringify(x);

/** The JS access of a variable: w["place.Dina"]. */
export const v = (name: string) => `w[${str(name)}]`;

export const sentence = (text: string, js: string): Sentence => ({ text, js });

export const not = (s: Sentence, text: string): Sentence => ({ text, js: `!(${s.js})` });

/** Integers lo..hi. */
export const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** A lookup table in code: const cls = { dog: "mammal", … }. */
export const ANIMAL_CLASS_TABLE = `const cls = { ${ANIMALS.map((a) => `${str(a.name)}: ${str(a.cls)}`).join(', ')} };`;

/** The code twin: enumerate the worlds, keep the premise's, test the hypothesis in each. */
export function codeTwin(b: Built): string {
  const needsClasses = [...b.premise, b.hypothesis].some((s) => s.js.includes('cls['));
  const domains = Object.entries(b.domains)
    .map(([name, values]) => `  ${str(name)}: [${values.map(str).join(', ')}],`)
    .join('\n');
  return [
    ...(needsClasses ? [ANIMAL_CLASS_TABLE] : []),
    `const domains = {\n${domains}\n};`,
    'let worlds = [{}];',
    'for (const [name, values] of Object.entries(domains))',
    '  worlds = worlds.flatMap((w) => values.map((x) => ({ ...w, [name]: x })));',
    ...b.premise.map((s, i) => `const p${i} = (w) => ${s.js}; // ${s.text}`),
    `const hypothesis = (w) => ${b.hypothesis.js}; // ${b.hypothesis.text}`,
    `const models = worlds.filter((w) => ${b.premise.map((_, i) => `p${i}(w)`).join(' && ')});`,
    "console.log(models.every(hypothesis) ? 'entailment' : models.some(hypothesis) ? 'neutral' : 'contradiction');",
  ].join('\n');
}
