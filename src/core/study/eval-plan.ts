// How an arm's evaluation is asked of the engine: one request per distinct item limit (tasks with the
// same limit together; the held-out LM loss with the first), and the reports merged back into one.
import type { EvalReport, EvalRequest } from '../../contract/eval';
import { ALL_TASKS, type EvalTaskId } from '../eval';
import type { ArmEval } from './types';

/** The engine requests of an evaluation, in task order of the first task of each limit. */
export function evalRequests(e: ArmEval): EvalRequest[] {
  const groups = new Map<number, EvalTaskId[]>();
  for (const task of e.tasks) {
    const limit = e.taskLimits?.[task] ?? e.limit;
    groups.set(limit, [...(groups.get(limit) ?? []), task]);
  }
  return [...groups.entries()].map(([limit, tasks], i) => ({
    tasks,
    limit,
    protocol: e.protocol,
    cot: e.cot,
    heldout: i === 0 && e.heldoutDocuments > 0 ? { documents: e.heldoutDocuments } : false,
    ...(e.maxNewTokens ? { maxNewTokens: e.maxNewTokens } : {}),
  }));
}

const order = (task: EvalTaskId) => ALL_TASKS.indexOf(task);

/** One report from the reports of an evaluation's requests (rows and items in task order). */
export function mergeReports(reports: EvalReport[]): EvalReport {
  if (reports.length === 0) throw new Error('mergeReports: no reports to merge');
  if (reports.length === 1) return reports[0];
  const heldout = reports.find((r) => r.heldout)?.heldout;
  const notes = reports.flatMap((r) => r.notes ?? []).filter((n) => !(heldout && n.startsWith('held-out')));
  return {
    suite: [...new Set(reports.flatMap((r) => r.suite.split('+')))].join('+'),
    protocol: reports[0].protocol,
    cot: reports[0].cot,
    summary: reports.flatMap((r) => r.summary).sort((a, b) => order(a.task) - order(b.task)),
    items: reports.flatMap((r) => r.items).sort((a, b) => order(a.task) - order(b.task)),
    ...(heldout ? { heldout } : {}),
    ...(notes.length ? { notes: [...new Set(notes)] } : {}),
    seconds: reports.reduce((n, r) => n + r.seconds, 0),
  };
}
