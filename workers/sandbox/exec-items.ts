// Node entry for `npm run cli -- exec <items.jsonl> --out report.json`: judge MultiPL-E-layout items
// in the Node sandbox (worker_threads) and return the report (see exec-report.ts for the layout).
import { createNodeSandbox } from './node';
import { execItemsWith } from './exec-report';
import type { ExecItem, ExecReport } from './exec-report';

export { parseExecJsonl } from './exec-report';
export type { ExecItem, ExecItemResult, ExecReport } from './exec-report';

export interface ExecOptions {
  timeoutMs?: number;
  memoryBytes?: number;
  /** Programs run at once, one worker each (default 2). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function execItems(items: readonly ExecItem[], options: ExecOptions = {}): Promise<ExecReport> {
  const sandbox = createNodeSandbox({ workers: options.concurrency ?? 2 });
  try {
    return await execItemsWith(sandbox, items, options);
  } finally {
    sandbox.close();
  }
}
