// The Compare page's table, like the paper's: tasks × runs, each cell a run's accuracy on a task (over
// all levels) from the run's newest evaluation, plus the average over the tasks every compared run
// has, and each cell's difference from a chosen baseline run in percentage points.
import { ALL_TASKS, type EvalTaskId } from '../eval';
import type { EvalReport } from '../../contract/eval';
import type { RunEvalEntry, RunRecord } from './types';

/** Differences smaller than this (in points) count as no change. */
export const SAME_WITHIN_POINTS = 0.5;

export interface CompareCell {
  runId: string;
  accuracy: number | null;
  n: number;
  ci95: [number, number] | null;
  chance: number | null;
  /** Accuracy minus the baseline's, in percentage points (null for the baseline or a missing cell). */
  deltaPoints: number | null;
  direction: 'better' | 'worse' | 'same' | null;
}

export interface CompareRow {
  task: EvalTaskId | 'average';
  cells: CompareCell[];
}

export interface CompareTable {
  runs: { id: string; name: string; evaluated: RunEvalEntry | null }[];
  baselineId: string | null;
  rows: CompareRow[];
  /** Tasks the average runs over (those every evaluated run has). */
  averageOver: EvalTaskId[];
}

/** The run's newest evaluation, or null. */
export function latestEval(run: RunRecord): RunEvalEntry | null {
  return run.evalReports.length ? run.evalReports[run.evalReports.length - 1] : null;
}

function taskRow(report: EvalReport | undefined, task: EvalTaskId) {
  return report?.summary.find((r) => r.task === task && r.level === 'all');
}

function direction(delta: number | null): CompareCell['direction'] {
  if (delta === null) return null;
  if (Math.abs(delta) < SAME_WITHIN_POINTS) return 'same';
  return delta > 0 ? 'better' : 'worse';
}

export function compareRuns(runs: readonly RunRecord[], baselineId: string | null): CompareTable {
  const evaluated = runs.map((r) => ({ id: r.id, name: r.name, evaluated: latestEval(r) }));
  const reports = evaluated.map((r) => r.evaluated?.report);
  const tasks = ALL_TASKS.filter((t) => reports.some((rep) => taskRow(rep, t)));
  const withReports = reports.filter((r): r is EvalReport => r !== undefined);
  const averageOver = tasks.filter((t) => withReports.every((rep) => taskRow(rep, t)));
  const baseIndex = evaluated.findIndex((r) => r.id === baselineId);

  const accuracyOf = (i: number, task: EvalTaskId | 'average'): number | null => {
    const rep = reports[i];
    if (!rep) return null;
    if (task !== 'average') return taskRow(rep, task)?.accuracy ?? null;
    if (averageOver.length === 0) return null;
    return averageOver.reduce((s, t) => s + taskRow(rep, t)!.accuracy, 0) / averageOver.length;
  };

  const row = (task: EvalTaskId | 'average'): CompareRow => ({
    task,
    cells: evaluated.map((r, i) => {
      const acc = accuracyOf(i, task);
      const base = baseIndex >= 0 && baseIndex !== i ? accuracyOf(baseIndex, task) : null;
      const delta = acc !== null && base !== null ? 100 * (acc - base) : null;
      const summary = task === 'average' ? undefined : taskRow(reports[i], task);
      return {
        runId: r.id,
        accuracy: acc,
        n: task === 'average' ? averageOver.length : (summary?.n ?? 0),
        ci95: summary?.ci95 ?? null,
        chance: task === 'average' ? null : (summary?.chance ?? null),
        deltaPoints: delta,
        direction: direction(delta),
      };
    }),
  });

  return {
    runs: evaluated,
    baselineId: baseIndex >= 0 ? baselineId : null,
    rows: [...tasks.map(row), row('average')],
    averageOver,
  };
}

/** "+12.5 points" / "−3.0 points" / "no change" (the text screen readers get beside the colour). */
export function describeDelta(deltaPoints: number | null): string {
  if (deltaPoints === null) return '';
  if (Math.abs(deltaPoints) < SAME_WITHIN_POINTS) return 'about the same as the baseline';
  const sign = deltaPoints > 0 ? '+' : '−';
  return `${sign}${Math.abs(deltaPoints).toFixed(1)} points vs the baseline`;
}
