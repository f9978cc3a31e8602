// Generation-based scoring: the prompt to decode from (greedy, so results are reproducible), exact match
// with normalisation for short answers, and pass@1 for code generation by running prompt + completion +
// hidden tests through a code runner the caller injects (the sandbox in workers/sandbox; the core stays
// platform-neutral). A completion is cut where the function's braces balance, as HumanEval-style
// harnesses do, so trailing chatter after the function is not executed or scored.
import { goldText } from '../types';
import { codeBleu } from './bleu';
import type { AnyItem } from '../types';
import type { BuildOptions, GenerationRequest } from './requests';
import { commonPrompt } from './templates';

/** Stop strings for JavaScript completions (MultiPL-E's JS stop tokens). */
export const CODE_STOPS = ['\nfunction ', '\n/*', '\n//', '\nconsole.log'];

export function buildGenerationRequest(item: AnyItem, options: BuildOptions = {}): GenerationRequest {
  if (item.format === 'codegen') {
    if (!item.prompt) throw new Error(`${item.id}: code generation item has no prompt`);
    const why = options.cot ? `// Plan: ${item.rationale_text.replace(/\n/g, ' ')}\n` : '';
    return { prompt: `${why}${item.prompt}`, stop: CODE_STOPS, maxNewTokens: 192 };
  }
  const maxNewTokens = item.task === 'extractive' ? 16 : 32;
  return { prompt: commonPrompt(item, options.cot), stop: ['\n'], maxNewTokens };
}

/** First line, whitespace collapsed, trailing full stop dropped. Case is kept (program output is exact). */
export function normaliseAnswer(text: string): string {
  const line = text.replace(/^\s+/, '').split('\n')[0];
  return line.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

export function scoreExact(item: AnyItem, generated: string): { correct: boolean; normalised: string } {
  const normalised = normaliseAnswer(generated);
  return { correct: normalised === normaliseAnswer(goldText(item)), normalised };
}

/**
 * The completion up to the `}` that closes the function the prompt opened (the prompt ends inside
 * the function body, so depth starts at 1). Strings, template literals and comments are skipped.
 * Returns the whole completion if the braces never balance.
 */
export function truncateCompletion(completion: string): string {
  let depth = 1;
  let i = 0;
  const n = completion.length;
  while (i < n) {
    const c = completion[i];
    const next = completion[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && completion[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = completion.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && completion[i] !== c) i += completion[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return completion.slice(0, i + 1);
    i++;
  }
  return completion;
}

/** The program pass@1 runs: prompt + truncated completion + hidden tests (MultiPL-E layout). */
export function codegenProgram(item: AnyItem, completion: string): string {
  if (!item.prompt || !item.tests) throw new Error(`${item.id}: not a code generation item`);
  return `${item.prompt}${truncateCompletion(completion)}\n${item.tests}`;
}

/** What the core needs from a sandbox verdict (workers/sandbox RunResult satisfies it). */
export interface ExecutionVerdict {
  outcome: string;
  asserts: { passed: number; failed: number };
  error?: string;
}

/** Runs a program with limits; inject workers/sandbox's runProgram (or any equivalent). */
export type CodeRunner = (code: string) => Promise<ExecutionVerdict>;

/** Solved only if the program finished and every hidden assertion ran and passed. */
export function isSolved(item: AnyItem, verdict: ExecutionVerdict): boolean {
  const expected = item.testCount ?? 1;
  return verdict.outcome === 'passed' && verdict.asserts.failed === 0 && verdict.asserts.passed >= expected;
}

export async function scorePass(
  item: AnyItem,
  completion: string,
  run: CodeRunner,
): Promise<{ passed: boolean; verdict: ExecutionVerdict }> {
  const verdict = await run(codegenProgram(item, completion));
  return { passed: isSolved(item, verdict), verdict };
}

/** Smoothed BLEU-4 in [0, 1] of a completion (cut at the closing brace) against the item's reference. */
export function bleuOf(item: AnyItem, completion: string): number {
  if (item.reference === undefined) throw new Error(`${item.id}: no reference to compare with`);
  return codeBleu(item.reference, truncateCompletion(completion));
}
