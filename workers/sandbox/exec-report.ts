// Judges code written anywhere (another model's outputs, hand-written solutions, the lab's own) in the
// MultiPL-E layout: one item per JSONL line with task_id, prompt, completion and tests; the program is
// prompt + completion + "\n" + tests, and an item passes when that program finishes without throwing
// (and no host-side assert failed). Platform-neutral: the caller passes a Sandbox (node.ts, browser.ts).
import type { Sandbox } from './sandbox';
import type { RunOptions, RunOutcome } from './types';

export interface ExecItem {
  task_id: string;
  prompt: string;
  completion: string;
  tests: string;
}

export interface ExecItemResult {
  task_id: string;
  /** passed | failed | timeout (timed out) | oom (out of memory) | error (syntax error or sandbox failure) */
  outcome: RunOutcome;
  passed: boolean;
  error?: string;
  ms: number;
}

export interface ExecReport {
  total: number;
  passed: number;
  /** One completion per problem, so pass@1 is the fraction passed. */
  pass_at_1: number;
  outcomes: Record<RunOutcome, number>;
  items: ExecItemResult[];
  limits: Required<Pick<RunOptions, 'timeoutMs' | 'memoryBytes'>>;
}

const FIELDS = ['task_id', 'prompt', 'completion', 'tests'] as const;

/** Parse MultiPL-E style JSONL; errors name the line and the missing or mistyped field. */
export function parseExecJsonl(text: string): ExecItem[] {
  const items: ExecItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`line ${i + 1}: not JSON (${(e as Error).message})`, { cause: e });
    }
    if (typeof value !== 'object' || value === null) throw new Error(`line ${i + 1}: expected an object`);
    const record = value as Record<string, unknown>;
    for (const f of FIELDS)
      if (typeof record[f] !== 'string') throw new Error(`line ${i + 1}: field '${f}' must be a string`);
    items.push({
      task_id: record.task_id as string,
      prompt: record.prompt as string,
      completion: record.completion as string,
      tests: record.tests as string,
    });
  });
  return items;
}

export function programOf(item: ExecItem): string {
  return `${item.prompt}${item.completion}\n${item.tests}`;
}

export async function execItemsWith(
  sandbox: Sandbox,
  items: readonly ExecItem[],
  options: {
    timeoutMs?: number;
    memoryBytes?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<ExecReport> {
  const limits = {
    timeoutMs: options.timeoutMs ?? 1000,
    memoryBytes: options.memoryBytes ?? 64 * 1024 * 1024,
  };
  let done = 0;
  const results = await Promise.all(
    items.map(async (item): Promise<ExecItemResult> => {
      const r = await sandbox.runProgram(programOf(item), limits);
      options.onProgress?.(++done, items.length);
      return {
        task_id: item.task_id,
        outcome: r.outcome,
        passed: r.outcome === 'passed',
        ...(r.error !== undefined ? { error: r.error } : {}),
        ms: Math.round(r.ms * 10) / 10,
      };
    }),
  );
  const outcomes: Record<RunOutcome, number> = { passed: 0, failed: 0, timeout: 0, oom: 0, error: 0 };
  for (const r of results) outcomes[r.outcome]++;
  return {
    total: results.length,
    passed: outcomes.passed,
    pass_at_1: results.length === 0 ? 0 : outcomes.passed / results.length,
    outcomes,
    items: results,
    limits,
  };
}
