// Reads items back from JSONL (the frozen sets in datasets/eval/) with a shape check, so a truncated
// or hand-edited file fails loudly with the line and field at fault instead of scoring garbage.
import { ALL_TASKS, LEVELS } from './types';
import type { AnyItem } from './types';

/** Problems with one record, empty when it is a valid Item. */
export function itemProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['not an object'];
  const r = value as Record<string, unknown>;
  const problems: string[] = [];
  const str = (k: string) => typeof r[k] === 'string' || problems.push(`'${k}' must be a string`);
  for (const k of ['id', 'variant', 'context', 'question', 'rationale_text', 'rationale_code']) str(k);
  if (!ALL_TASKS.includes(r.task as never)) problems.push(`'task' must be one of ${ALL_TASKS.join(', ')}`);
  if (!LEVELS.includes(r.level as never)) problems.push("'level' must be 1, 2, 3 or 4");
  if (r.split !== 'train' && r.split !== 'eval') problems.push("'split' must be 'train' or 'eval'");
  const options = r.options;
  if (!Array.isArray(options) || !options.every((o) => typeof o === 'string'))
    problems.push("'options' must be an array of strings");
  if (r.format === 'mc') {
    const n = Array.isArray(options) ? options.length : 0;
    if (!Number.isInteger(r.answer) || (r.answer as number) < 0 || (r.answer as number) >= n)
      problems.push(`'answer' must index one of the ${n} options`);
  } else if (r.format === 'exact') {
    str('answer');
  } else if (r.format === 'codegen') {
    for (const k of ['answer', 'prompt', 'entryPoint', 'tests', 'reference']) str(k);
    if (!Number.isInteger(r.testCount)) problems.push("'testCount' must be an integer");
  } else problems.push("'format' must be 'mc', 'exact' or 'codegen'");
  return problems;
}

export function parseItemsJsonl(text: string, source = 'items'): AnyItem[] {
  const items: AnyItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`${source}:${i + 1}: not JSON (${(e as Error).message})`, { cause: e });
    }
    const problems = itemProblems(value);
    if (problems.length > 0) throw new Error(`${source}:${i + 1}: ${problems.join('; ')}`);
    items.push(value as AnyItem);
  });
  return items;
}
