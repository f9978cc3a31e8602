// The report's tables, laid out like the paper's (PAPER.md §4): which cells (and which evaluation:
// plain or chain-of-thought) are the columns, which figures the rows, and the text-only baseline each
// column's difference is taken against. Tables the paper does not have are marked as additions.
import type { MetricId } from './metrics';
import type { CellId } from './types';

export interface TableColumn {
  /** Unique in the table: the cell, with "+CoT" for the chain-of-thought evaluation. */
  id: string;
  cell: CellId;
  evalId: 'main' | 'cot';
  /** The column this one's difference is taken against (absent: it is a baseline). */
  baseline?: string;
}

export interface TableSpec {
  id: string;
  title: string;
  /** The paper's table it mirrors ("Table 2"), or "new" for an addition. */
  paper: string;
  note: string;
  metrics: MetricId[];
  columns: TableColumn[];
}

const REASONING: MetricId[] = [
  'logic',
  'law',
  'science',
  'analogy',
  'codeqa',
  'codegen-bleu',
  'codegen-pass',
];
const TRANSFER: MetricId[] = [
  'reading',
  'nli',
  'extractive-em',
  'extractive-f1',
  'heldout-text',
  'heldout-code',
];

const col = (cell: CellId, baseline?: CellId): TableColumn => ({
  id: cell,
  cell,
  evalId: 'main',
  ...(baseline ? { baseline } : {}),
});

export const TABLES: TableSpec[] = [
  {
    id: 'pretrain',
    title: 'Pre-training stage (zero-shot, no instruction tuning)',
    paper: 'Table 2',
    note: 'Δ against NL (text only, same size). NL-tok (text, as many tokens as CODE) is our addition: CODE − NL-tok separates code from more data.',
    metrics: REASONING,
    columns: [col('NL'), col('NL-5x', 'NL'), col('CODE', 'NL'), col('NL-tok', 'NL')],
  },
  {
    id: 'instruct',
    title: 'Instruction-tuning stage',
    paper: 'Table 3',
    note: 'Δ against NN (text pre-training, text-only instructions). CN is the cell the paper did not run. CC here uses the uniform 5:3 mix (the paper’s CC was its stepwise-decrease run: see the IT mixing table).',
    metrics: REASONING,
    columns: [col('NN'), col('NC', 'NN'), col('CN', 'NN'), col('CC', 'NN')],
  },
  {
    id: 'cot',
    title: 'Chain-of-thought condition (gold rationale in the input), pre-trained models',
    paper: 'Table 4',
    note: 'Without CoT Δ against NL; with CoT Δ against NL with CoT. The paper’s CoT gain is with − without of one model.',
    metrics: ['science', 'analogy'],
    columns: [
      col('NL'),
      col('CODE', 'NL'),
      col('NL-tok', 'NL'),
      { id: 'NL+CoT', cell: 'NL', evalId: 'cot' },
      { id: 'CODE+CoT', cell: 'CODE', evalId: 'cot', baseline: 'NL+CoT' },
      { id: 'NL-tok+CoT', cell: 'NL-tok', evalId: 'cot', baseline: 'NL+CoT' },
    ],
  },
  {
    id: 'schedule-instruct',
    title: 'Mixing strategies at instruction tuning (from CODE)',
    paper: 'Table 6',
    note: 'Text:code per phase: uniform 5:3 ×4; stepwise increase 7:3, 7:3, 6:4, 5:5; stepwise decrease 5:5, 6:4, 7:3, 7:3 (37.5 % code overall in each). Δ against NN.',
    metrics: REASONING,
    columns: [col('NN'), col('CC', 'NN'), col('CC-inc', 'NN'), col('CC-dec', 'NN')],
  },
  {
    id: 'schedule-pretrain',
    title: 'Mixing strategies at pre-training',
    paper: 'new',
    note: 'The same three schedules applied at pre-training (the paper’s stated future work). CODE is the uniform one. Δ against NL.',
    metrics: REASONING,
    columns: [col('NL'), col('CODE', 'NL'), col('CODE-inc', 'NL'), col('CODE-dec', 'NL')],
  },
  {
    id: 'transfer-pretrain',
    title: 'Negative transfer, pre-training',
    paper: 'Table 7',
    note: 'Less reasoning-heavy tasks and the held-out LM loss (bits per byte, lower is better). Δ against NL.',
    metrics: TRANSFER,
    columns: [col('NL'), col('CODE', 'NL'), col('NL-tok', 'NL')],
  },
  {
    id: 'transfer-instruct',
    title: 'Negative transfer, instruction tuning',
    paper: 'Table 8',
    note: 'Without code instructions (NN) vs with (NC); CN and CC beside them. Δ against NN.',
    metrics: TRANSFER,
    columns: [col('NN'), col('NC', 'NN'), col('CN', 'NN'), col('CC', 'NN')],
  },
];
