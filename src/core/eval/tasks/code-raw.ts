// Shared pieces of the hand-written code specifications (code-one-liners.ts, code-strings.ts): the
// raw spec shape, a mutant helper, value display, and the step that turns a raw spec into a CodeSpec.
import type { Rng } from '../../rng';
import { between } from '../util';
import type { CodeMutant, CodeSpec, Value } from './code-spec';

export type Fn = (...args: Value[]) => Value;
export const num = (rng: Rng) => between(rng, -20, 20);
export const m = (what: string, compact: string, fn: Fn): CodeMutant => ({ what, compact, fn });

export interface Raw {
  name: string;
  params: string[];
  description: string;
  /** Body lines; for one-liners leave empty and `compact` becomes `return <compact>;`. */
  body?: string[];
  compact: string;
  fn: Fn;
  inputs: (rng: Rng) => Value[];
  edge?: Value[][];
  mutants: CodeMutant[];
  explain: (args: Value[], result: Value) => string;
}

export const show = (v: Value): string =>
  Array.isArray(v) ? `[${v.map(show).join(', ')}]` : JSON.stringify(v);

export function finish(level: 1 | 2 | 3 | 4, raw: Raw): CodeSpec {
  return {
    key: `fn:${raw.name}`,
    level,
    name: raw.name,
    params: raw.params,
    description: raw.description,
    body: raw.body ? [...raw.body.map((l) => `  ${l}`), '}'] : [`  return ${raw.compact};`, '}'],
    compact: raw.compact,
    fn: raw.fn,
    inputs: raw.inputs,
    edgeInputs: raw.edge ?? [],
    mutants: raw.mutants,
    explain: raw.explain,
  };
}
