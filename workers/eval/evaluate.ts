// The engine's evaluate(): reads the requested tasks' frozen items (datasets/eval/<set>/<task>.jsonl,
// at most `limit` per task and level), runs them through the model (runner.ts), then measures the
// held-out language-model loss on the built corpora (heldout.ts) to report beside the scores.
// `cancelled` is checked between items and documents: once true, it rejects with EvalCancelledError.
import {
  ALL_TASKS,
  itemsPath,
  LEVELS,
  parseItemsJsonl,
  type AnyItem,
  type CodeRunner,
} from '../../src/core/eval';
import type { EvalProgress, EvalReport, EvalRequest } from '../../src/contract/eval';
import type { CorpusProvider } from '../../src/contract/train';
import { heldoutLoss } from './heldout';
import { runEval, type CancelCheck, type EvalModel } from './runner';

export interface EvalDeps {
  model: EvalModel;
  /** Reads a file under datasets/ (the frozen sets are under eval/). */
  readDataset: (path: string) => Promise<string>;
  runCode: CodeRunner;
  /** The built corpora, for the held-out loss (without them it is skipped, with a note). */
  corpora?: CorpusProvider;
}

export async function loadEvalItems(
  readDataset: (path: string) => Promise<string>,
  request: Pick<EvalRequest, 'tasks' | 'limit'>,
): Promise<AnyItem[]> {
  const items: AnyItem[] = [];
  for (const task of request.tasks ?? ALL_TASKS) {
    if (!ALL_TASKS.includes(task)) throw new Error(`unknown task "${task}": use ${ALL_TASKS.join(', ')}`);
    const all = parseItemsJsonl(await readDataset(itemsPath(task)), itemsPath(task));
    for (const level of LEVELS)
      items.push(...all.filter((i) => i.level === level).slice(0, request.limit ?? Infinity));
  }
  return items;
}

export async function evaluateSuite(
  deps: EvalDeps,
  request: EvalRequest,
  onProgress: (p: EvalProgress) => void = () => {},
  cancelled: CancelCheck = () => false,
): Promise<EvalReport> {
  const started = performance.now();
  const items = await loadEvalItems(deps.readDataset, request);
  const report = await runEval(deps.model, items, request, deps.runCode, onProgress, cancelled);
  const notes: string[] = [];
  if (request.heldout === false) notes.push('held-out loss skipped (heldout: false)');
  else if (!deps.corpora) notes.push('held-out loss skipped: this engine has no corpora');
  else
    report.heldout = await heldoutLoss(
      deps.model,
      deps.corpora,
      request.heldout ?? {},
      onProgress,
      cancelled,
    );
  return { ...report, ...(notes.length > 0 ? { notes } : {}), seconds: (performance.now() - started) / 1000 };
}
