// Code kept out of the pre-training corpora because the reasoning suite's real-code track
// (datasets/eval/realcode-v1, issue 12) evaluates on it: the 30-seconds-of-code snippets its
// code-generation items come from, and the lodash functions whose documented examples are its
// code-QA items. Read from the frozen item files, so the two can never drift apart.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REALCODE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'datasets',
  'eval',
  'realcode-v1',
);

export interface HeldForEval {
  thirtySeconds: Set<string>;
  lodash: Set<string>;
}

function lines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function heldForEval(dir: string = REALCODE_DIR): HeldForEval {
  const thirtySeconds = new Set<string>();
  const lodash = new Set<string>();
  for (const item of lines(join(dir, 'codegen.jsonl'))) {
    const m = /^30s\/(.+)$/.exec(String(item.task_id));
    if (m) thirtySeconds.add(m[1]);
  }
  for (const item of lines(join(dir, 'codeqa.jsonl')))
    if (typeof item.function === 'string') lodash.add(item.function);
  return { thirtySeconds, lodash };
}
