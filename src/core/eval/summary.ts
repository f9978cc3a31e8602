// Aggregates per-item outcomes into the report table: per task and level (and per task over all
// levels) the number of items, accuracy with its 95% Wilson interval, the chance level (the mean of
// the items' 1/#options; 0 for generation), whether the interval clears chance, and for code
// generation the mean sentence BLEU with a 95% Student-t interval.
import { tInterval, wilson } from './stats';
import type { MeanInterval } from './stats';
import { LEVELS, TASKS } from './types';
import type { Level, TaskId } from './types';

export interface ItemOutcome {
  task: TaskId;
  level: Level;
  correct: boolean;
  /** Chance accuracy of this item (see chanceOf in scoring/mc.ts). */
  chance: number;
  /** Sentence BLEU in [0, 1] for code generation items. */
  bleu?: number;
}

export interface SummaryRow {
  task: TaskId;
  level: Level | 'all';
  n: number;
  correct: number;
  accuracy: number;
  chance: number;
  ci95: [number, number];
  /** The interval's lower end is above chance. */
  aboveChance: boolean;
  bleu?: MeanInterval;
}

function row(task: TaskId, level: Level | 'all', items: readonly ItemOutcome[]): SummaryRow {
  const n = items.length;
  const correct = items.filter((r) => r.correct).length;
  const chance = n === 0 ? 0 : items.reduce((s, r) => s + r.chance, 0) / n;
  const ci95 = wilson(correct, n);
  const bleus = items.flatMap((r) => (r.bleu === undefined ? [] : [r.bleu]));
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
  };
}

/** Rows in task order, levels 1–4 then 'all'; tasks and levels without items are left out. */
export function summarise(results: readonly ItemOutcome[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const task of TASKS) {
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
