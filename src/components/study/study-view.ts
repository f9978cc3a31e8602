// What the Study page shows, computed from plain data: an arm's progress as a fraction and a line of
// text, whether a pending arm may move up or down (the engine's rule: only pending arms move, never
// before the arm they start from), durations and token counts in words, and bar geometry.
import type { StudyArmProgress, StudyArmState, StudySnapshot } from '../../contract/study';
import { orderProblems, type StudyArm } from '../../core/study';

/** 0…1 over the arm's whole work: its training stages (own steps) then its evaluations. */
export function armFraction(arm: StudyArm, state: StudyArmState, p: StudyArmProgress | undefined): number {
  if (state.status === 'done') return 1;
  if (!p) return state.summary ? 0.9 : 0;
  const evals = arm.evals.length;
  const done = Object.keys(state.reports).length;
  if (p.phase === 'evaluate') {
    const within = p.evalTotal ? (p.evalDone ?? 0) / p.evalTotal : 0;
    return 0.7 + (0.3 * (done + within)) / Math.max(1, evals);
  }
  if (p.phase === 'train' && p.stageSteps) {
    const first = arm.initFrom ? 1 : 0; // a tuned arm trains only its last stage itself
    const stages = arm.recipe.stages.slice(first);
    const total = stages.reduce((n, s) => n + s.steps, 0);
    const before = stages.slice(0, Math.max(0, (p.stage ?? first) - first)).reduce((n, s) => n + s.steps, 0);
    return (0.7 * (before + (p.step ?? 0))) / Math.max(1, total);
  }
  return 0;
}

/** "training stage 1 (instruct): step 3 of 4", "evaluating main: 40 %", … */
export function progressText(state: StudyArmState, p: StudyArmProgress | undefined): string {
  if (state.status === 'done') return 'done';
  if (state.status === 'failed') return `failed: ${state.error ?? 'unknown error'}`;
  const resumeAt = state.lastCheckpoint
    ? ` (continues from stage ${state.lastCheckpoint.stage} step ${state.lastCheckpoint.step})`
    : '';
  if (state.status === 'pending') return state.summary ? 'trained, evaluation pending' : `pending${resumeAt}`;
  if (!p || p.phase === 'prepare') return 'preparing data and tokenizer';
  if (p.phase === 'evaluate')
    return `evaluating ${p.evalId ?? ''}: ${p.evalTotal ? Math.round((100 * (p.evalDone ?? 0)) / p.evalTotal) : 0} %`;
  return `training stage ${p.stage ?? 0}${p.stageKind ? ` (${p.stageKind})` : ''}: step ${p.step ?? 0} of ${p.stageSteps ?? '?'}`;
}

/** Whether swapping the arm with its neighbour (by = −1 up, +1 down) is a move the engine accepts. */
export function canMove(
  study: StudySnapshot,
  arms: Map<string, StudyArm>,
  armId: string,
  by: -1 | 1,
): boolean {
  const order = study.order;
  const i = order.indexOf(armId);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return false;
  if (study.arms[order[i]].status !== 'pending' || study.arms[order[j]].status !== 'pending') return false;
  const next = [...order];
  [next[i], next[j]] = [next[j], next[i]];
  return orderProblems(next.map((id) => arms.get(id)!)).length === 0;
}

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
