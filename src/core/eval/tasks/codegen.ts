// Code generation items (MBPP / HumanEval mirror, DATA.md §6.6): an English spec, a JavaScript signature
// with two visible examples, hidden tests (MultiPL-E style asserts on outputs computed in TypeScript) and
// a reference completion. Compositions at L3/L4 are split between train and eval by a hash of the
// primitive combination, so eval asks for combinations the instruction data never showed.
import type { Rng } from '../../rng';
import type { Item, Level, Split } from '../types';
import { hashString, itemId, itemRng, pick } from '../util';
import { codeWords } from '../words';
import { arrayConstant, arraySpecs } from './code-arrays';
import { scalarSpecs } from './code-scalars';
import { callText, compactSource, hasAwkwardNumber, jsLiteral, sameValue } from './code-spec';
import type { CodeSpec, Value } from './code-spec';

/**
 * Is this array composition reserved for the eval split? (L3/L4 compositions only, about a quarter of
 * them; constants are ignored, so "greater than 2" and "greater than 4" go to the same side.)
 */
export function heldOutForEval(spec: CodeSpec): boolean {
  if (spec.level < 3 || !spec.key.startsWith('arr:')) return false;
  return hashString(spec.key.replace(/\d+/g, 'k')) % 4 === 0;
}

/** The specs a split may draw from at a level. */
export function specsFor(level: Level, split: Split, k: number): CodeSpec[] {
  const words = codeWords(split);
  const all = level === 1 ? scalarSpecs(1, words) : [...arraySpecs(level, k), ...scalarSpecs(level, words)];
  return all.filter(
    (s) => heldOutForEval(s) === (split === 'eval') || s.level < 3 || !s.key.startsWith('arr:'),
  );
}

/** Pick a spec: array compositions and the hand-written family are drawn about 2:1 from L2 up. */
export function pickSpec(rng: Rng, level: Level, split: Split): CodeSpec {
  const specs = specsFor(level, split, arrayConstant(rng));
  if (level === 1) return pick(rng, specs);
  const arrays = specs.filter((s) => s.key.startsWith('arr:'));
  const others = specs.filter((s) => !s.key.startsWith('arr:'));
  return pick(rng, rng.next() < 0.67 || others.length === 0 ? arrays : others);
}

export interface Call {
  args: Value[];
  result: Value;
}

/** `n` distinct random calls (plus the spec's edge cases when `withEdges`), avoiding -0 and NaN. */
export function sampleCalls(
  rng: Rng,
  spec: CodeSpec,
  n: number,
  withEdges: boolean,
  avoid: Call[] = [],
): Call[] {
  const seen = new Set(avoid.map((c) => jsLiteral(c.args)));
  const out: Call[] = [];
  const tryAdd = (args: Value[]) => {
    const key = jsLiteral(args);
    if (seen.has(key)) return;
    const result = spec.fn(...args);
    if (result === undefined || hasAwkwardNumber(result) || hasAwkwardNumber(args)) return;
    seen.add(key);
    out.push({ args, result });
  };
  if (withEdges) for (const e of spec.edgeInputs) tryAdd(e);
  for (let tries = 0; out.length < n + (withEdges ? spec.edgeInputs.length : 0) && tries < 200; tries++)
    tryAdd(spec.inputs(rng));
  return out;
}

/** MultiPL-E style hidden tests: `const assert = require('node:assert')` then one assert per call. */
export function testsFor(entryPoint: string, calls: Call[]): string {
  const lines = ["const assert = require('node:assert');", `const candidate = ${entryPoint};`];
  for (const c of calls)
    lines.push(`assert.deepStrictEqual(${callText('candidate', c.args)}, ${jsLiteral(c.result)});`);
  return `${lines.join('\n')}\n`;
}

export function generateCodegen(level: Level, seed: number, split: Split): Item {
  const rng = itemRng('codegen', level, split, seed);
  const spec = pickSpec(rng, level, split);
  const visible = sampleCalls(rng, spec, 2, false);
  const hidden = sampleCalls(rng, spec, 6, true, visible);
  const examples = visible.map((c) => `// ${callText(spec.name, c.args)} returns ${jsLiteral(c.result)}`);
  const prompt = `// ${spec.description}\n${examples.join('\n')}\nfunction ${spec.name}(${spec.params.join(', ')}) {\n`;
  const reference = `${spec.body.join('\n')}\n`;
  const first = visible[0];
  return {
    id: itemId('codegen', level, split, seed),
    task: 'codegen',
    level,
    split,
    format: 'codegen',
    variant: spec.key.startsWith('arr:') ? 'array' : 'function',
    context: '',
    question: spec.description,
    options: [],
    answer: reference,
    rationale_text: `${spec.description} For example, for ${callText(spec.name, first.args)}: ${spec.explain(first.args, first.result)}`,
    rationale_code: `${compactSource(spec.name, spec.params, spec.compact)}\nconsole.log(${callText(spec.name, first.args)}); // ${jsLiteral(first.result)}`,
    prompt,
    entryPoint: spec.name,
    tests: testsFor(spec.name, hidden),
    testCount: hidden.length,
    reference,
  };
}

/** Calls on which `mutant` and `spec` disagree (for wrong-code items); empty if none found. */
export function disagreeing(
  rng: Rng,
  spec: CodeSpec,
  mutant: (...a: Value[]) => Value,
  calls: Call[],
): Call[] {
  const differs = (c: Call) => !sameValue(mutant(...c.args), c.result);
  if (calls.some(differs)) return calls;
  const extra = sampleCalls(rng, spec, 40, false, calls).filter(differs).slice(0, 1);
  return extra.length > 0 ? [...calls, ...extra] : [];
}
