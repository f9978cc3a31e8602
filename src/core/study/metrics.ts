// The figures a study reads off one evaluation report: the paper's six tasks (accuracy; code
// generation as BLEU, the paper's metric, and pass@1 beside it), the negative-transfer checks
// (reading and NLI accuracy, extractive EM and F1) and the held-out LM loss on text and code (bits
// per byte, lower is better). Percent units as in the paper's tables.
import type { EvalReport } from '../../contract/eval';
import type { EvalTaskId } from '../eval';

export const METRIC_IDS = [
  'logic',
  'law',
  'science',
  'analogy',
  'codeqa',
  'codegen-bleu',
  'codegen-pass',
  'reading',
  'nli',
  'extractive-em',
  'extractive-f1',
  'heldout-text',
  'heldout-code',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export interface MetricDef {
  id: MetricId;
  /** The task the figure comes from ('heldout' for the LM loss). */
  task: EvalTaskId | 'heldout';
  /** Row label, with the paper's dataset it stands in for. */
  label: string;
  metric: 'ACC' | 'BLEU' | 'pass@1' | 'EM' | 'F1' | 'bits/byte';
  /** ∗ general reasoning, † code-related (the paper's marks), transfer, or LM loss. */
  group: 'general' | 'code' | 'transfer' | 'lm';
  higherIsBetter: boolean;
}

export const METRICS: Record<MetricId, MetricDef> = {
  logic: {
    id: 'logic',
    task: 'logic',
    label: 'Logic∗ (C-Eval logic)',
    metric: 'ACC',
    group: 'general',
    higherIsBetter: true,
  },
  law: {
    id: 'law',
    task: 'law',
    label: 'Law∗ (JEC-QA)',
    metric: 'ACC',
    group: 'general',
    higherIsBetter: true,
  },
  science: {
    id: 'science',
    task: 'science',
    label: 'Science∗ (ScienceQA)',
    metric: 'ACC',
    group: 'general',
    higherIsBetter: true,
  },
  analogy: {
    id: 'analogy',
    task: 'analogy',
    label: 'Analogy∗ (E-KAR)',
    metric: 'ACC',
    group: 'general',
    higherIsBetter: true,
  },
  codeqa: {
    id: 'codeqa',
    task: 'codeqa',
    label: 'Code QA† (CosQA)',
    metric: 'ACC',
    group: 'code',
    higherIsBetter: true,
  },
  'codegen-bleu': {
    id: 'codegen-bleu',
    task: 'codegen',
    label: 'Code gen† (MBPP)',
    metric: 'BLEU',
    group: 'code',
    higherIsBetter: true,
  },
  'codegen-pass': {
    id: 'codegen-pass',
    task: 'codegen',
    label: 'Code gen† (MBPP)',
    metric: 'pass@1',
    group: 'code',
    higherIsBetter: true,
  },
  reading: {
    id: 'reading',
    task: 'reading',
    label: 'Reading (C³)',
    metric: 'ACC',
    group: 'transfer',
    higherIsBetter: true,
  },
  nli: {
    id: 'nli',
    task: 'nli',
    label: 'NLI (OCNLI/CMNLI)',
    metric: 'ACC',
    group: 'transfer',
    higherIsBetter: true,
  },
  'extractive-em': {
    id: 'extractive-em',
    task: 'extractive',
    label: 'Extractive QA (DuReader)',
    metric: 'EM',
    group: 'transfer',
    higherIsBetter: true,
  },
  'extractive-f1': {
    id: 'extractive-f1',
    task: 'extractive',
    label: 'Extractive QA (DuReader)',
    metric: 'F1',
    group: 'transfer',
    higherIsBetter: true,
  },
  'heldout-text': {
    id: 'heldout-text',
    task: 'heldout',
    label: 'Held-out text (LM loss)',
    metric: 'bits/byte',
    group: 'lm',
    higherIsBetter: false,
  },
  'heldout-code': {
    id: 'heldout-code',
    task: 'heldout',
    label: 'Held-out code (LM loss)',
    metric: 'bits/byte',
    group: 'lm',
    higherIsBetter: false,
  },
};

/** A metric's value in a report (percent, or bits per byte for the LM loss), or null if not measured. */
export function metricValue(report: EvalReport, id: MetricId): number | null {
  const def = METRICS[id];
  if (def.task === 'heldout') {
    const kind = id === 'heldout-text' ? 'text' : 'code';
    const row = report.heldout?.byKind.find((r) => r.kind === kind);
    return row ? row.bitsPerByte.mean : null;
  }
  const row = report.summary.find((r) => r.task === def.task && r.level === 'all');
  if (!row || row.n === 0) return null;
  if (id === 'codegen-bleu') return row.bleu ? 100 * row.bleu.mean : null;
  if (id === 'extractive-f1') return row.f1 ? 100 * row.f1.mean : null;
  return 100 * row.accuracy;
}

/** A metric's chance level in a report (percent), or null (LM loss, generation metrics without one). */
export function metricChance(report: EvalReport, id: MetricId): number | null {
  const def = METRICS[id];
  if (def.task === 'heldout' || id === 'codegen-bleu' || id === 'codegen-pass') return null;
  const row = report.summary.find((r) => r.task === def.task && r.level === 'all');
  if (!row) return null;
  if (id === 'extractive-f1') return row.f1 ? 100 * row.f1.chance : null;
  return 100 * row.chance;
}
