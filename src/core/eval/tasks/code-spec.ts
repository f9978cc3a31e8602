// A code specification shared by code generation and the code-QA "match" variant: a small JavaScript
// function described in English, with a reference body (JS text), a one-expression twin (JS text), a
// TypeScript implementation that computes expected outputs, an input sampler and wrong variants
// ("mutants") for negative examples. The JS texts and the TS implementation are written separately, so
// running the JS against expectations computed in TS (in the sandbox tests) checks one against the other.
import type { Rng } from '../../rng';

export type Value = number | string | boolean | Value[];

export interface CodeMutant {
  /** What is wrong, for the worked answer ("keeps the odd numbers instead of the even ones"). */
  what: string;
  /** One-expression JS body (an arrow function's expression over the same parameters). */
  compact: string;
  fn: (...args: Value[]) => Value;
}

export interface CodeSpec {
  /** Identifies the combination of primitives (held-out combinations live only in the eval split). */
  key: string;
  level: 1 | 2 | 3 | 4;
  name: string;
  params: string[];
  /** One English sentence: "Return the sum of the even numbers in arr." */
  description: string;
  /** The reference body as source lines (without the signature, with the closing brace). */
  body: string[];
  /** The same function as one expression over `params`. */
  compact: string;
  fn: (...args: Value[]) => Value;
  /** Random arguments for one call. */
  inputs: (rng: Rng) => Value[];
  /** Arguments every test set includes (edge cases such as an empty array). */
  edgeInputs: Value[][];
  mutants: CodeMutant[];
  /** Worked answer in words for one call: how `args` lead to the result. */
  explain: (args: Value[], result: Value) => string;
}

/** A JavaScript literal for a value (keeps -0, unlike JSON). */
export function jsLiteral(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(', ')}]`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** True if a value contains -0 or a non-finite number (tests avoid them: correct code may differ). */
export function hasAwkwardNumber(v: Value): boolean {
  if (Array.isArray(v)) return v.some(hasAwkwardNumber);
  return typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v));
}

export function sameValue(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
    );
  }
  return Object.is(a, b);
}

/** `name(args)` as source text. */
export function callText(name: string, args: Value[]): string {
  return `${name}(${args.map(jsLiteral).join(', ')})`;
}

/** The full reference function as source. */
export function functionSource(spec: CodeSpec): string {
  return `function ${spec.name}(${spec.params.join(', ')}) {\n${spec.body.join('\n')}`;
}

/** The compact twin as an arrow function bound to `name`. */
export function compactSource(name: string, params: string[], expr: string): string {
  return `const ${name} = (${params.join(', ')}) => ${expr};`;
}
