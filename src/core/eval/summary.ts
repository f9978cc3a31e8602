// Aggregates per-item outcomes into the report table: per task and level (and per task over all
// levels) the number of items, accuracy with its 95% Wilson interval, the chance level (the mean of
// the items' 1/#options; 0 for generation; a random span's exact-match rate for extractive QA), whether
// the interval clears chance, for code generation the mean sentence BLEU with a 95% Student-t interval,
// and for extractive QA the mean token F1 with its interval and its random-span chance.
import { tInterval, wilson } from './stats';
import type { MeanInterval } from './stats';
import { ALL_TASKS, LEVELS } from './types';
import type { EvalTaskId, Level } from './types';

export interface ItemOutcome {
  task: EvalTaskId;
  level: Level;
  correct: boolean;
  /** Chance accuracy of this item (see chanceOf in scoring/mc.ts). */
  chance: number;
  /** Sentence BLEU in [0, 1] for code generation items. */
  bleu?: number;
  /** Token F1 in [0, 1] and its random-span chance, for extractive QA items. */
  f1?: number;
  f1Chance?: number;
}

export interface SummaryRow {
  task: EvalTaskId;
  level: Level | 'all';
  n: number;
  correct: number;
  accuracy: number;
  chance: number;
  ci95: [number, number];
  /** The interval's lower end is above chance. */
  aboveChance: boolean;
  bleu?: MeanInterval;
  /** Extractive QA: mean token F1 with a 95% Student-t interval, and the random-span chance. */
  f1?: MeanInterval & { chance: number };
}

function row(task: EvalTaskId, level: Level | 'all', items: readonly ItemOutcome[]): SummaryRow {
  const n = items.length;
  const correct = items.filter((r) => r.correct).length;
  const chance = n === 0 ? 0 : items.reduce((s, r) => s + r.chance, 0) / n;
  const ci95 = wilson(correct, n);
  const bleus = items.flatMap((r) => (r.bleu === undefined ? [] : [r.bleu]));
  const f1s = items.flatMap((r) => (r.f1 === undefined ? [] : [r.f1]));
  const f1Chance = items.reduce((s, r) => s + (r.f1Chance ?? 0), 0) / Math.max(1, f1s.length);
  return {
    task,
    level,
    n,
    correct,
    accuracy: n === 0 ? 0 : correct / n,
    chance,
    ci95,
    aboveChance: n > 0 && ci95[0] > chance,
    ...(bleus.length > 0 ? { bleu: tInterval(bleus) } : {}),
    ...(f1s.length > 0 ? { f1: { ...tInterval(f1s), chance: f1Chance } } : {}),
  };
}

/** Rows in task order, levels 1–4 then 'all'; tasks and levels without items are left out. */
export function summarise(results: readonly ItemOutcome[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const task of ALL_TASKS) {
    const ofTask = results.filter((r) => r.task === task);
    if (ofTask.length === 0) continue;
    for (const level of LEVELS) {
      const cell = ofTask.filter((r) => r.level === level);
      if (cell.length > 0) rows.push(row(task, level, cell));
    }
    rows.push(row(task, 'all', ofTask));
  }
  return rows;
}
