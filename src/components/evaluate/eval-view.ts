// Display helpers for evaluation results: task names as people read them, percentages, the geometry
// of a result bar (accuracy, its 95% interval and the chance mark on a 0–100 % scale), and the item
// browser's filter.
import type { EvalTaskId } from '../../core/eval';
import type { ItemReport } from '../../contract/eval';
import type { SummaryRow } from '../../core/eval';

export const TASK_LABELS: Record<EvalTaskId, string> = {
  logic: 'Logic',
  law: 'Law',
  science: 'Science',
  analogy: 'Analogy',
  codeqa: 'Code QA',
  codegen: 'Code generation',
  reading: 'Reading (transfer)',
  nli: 'Entailment (transfer)',
  extractive: 'Extractive QA (transfer)',
};

export const PROTOCOL_LABELS = {
  paper: 'Paper: option in the template, lowest perplexity',
  sum: 'Log-likelihood of the option (sum)',
  mean: 'Log-likelihood of the option (per-token mean)',
  calibrated: 'Log-likelihood, calibrated against an empty context',
} as const;

/** 0.4567 → "45.7%". */
export function pct(v: number, digits = 1): string {
  return `${(100 * v).toFixed(digits)}%`;
}

/** "[31.2%, 58.0%]" */
export function interval(ci: readonly [number, number]): string {
  return `[${pct(ci[0])}, ${pct(ci[1])}]`;
}

/** Percent positions (0–100, clamped) of the bar's end, the interval's ends and the chance mark. */
export function barGeometry(row: Pick<SummaryRow, 'accuracy' | 'ci95' | 'chance'>): {
  value: number;
  low: number;
  high: number;
  chance: number;
} {
  const at = (v: number) => Math.min(100, Math.max(0, 100 * v));
  return { value: at(row.accuracy), low: at(row.ci95[0]), high: at(row.ci95[1]), chance: at(row.chance) };
}

/** The row's verdict in words (screen readers and the table). */
export function verdict(row: Pick<SummaryRow, 'n' | 'aboveChance' | 'ci95' | 'chance'>): string {
  if (row.n === 0) return 'no items';
  if (row.aboveChance) return 'above chance';
  if (row.ci95[1] < row.chance) return 'below chance';
  return 'not distinguishable from chance';
}

export interface ItemFilter {
  task: EvalTaskId | 'all';
  level: number | 'all';
  outcome: 'all' | 'correct' | 'wrong';
}

export function filterItems(items: readonly ItemReport[], f: ItemFilter): ItemReport[] {
  return items.filter(
    (i) =>
      (f.task === 'all' || i.task === f.task) &&
      (f.level === 'all' || i.level === f.level) &&
      (f.outcome === 'all' || (f.outcome === 'correct') === i.correct),
  );
}

/** The prediction as text: the chosen option for multiple choice, else the generated text. */
export function predictionText(item: ItemReport): string {
  if (typeof item.prediction === 'number')
    return item.options[item.prediction] ?? `option ${item.prediction}`;
  return item.prediction;
}
