// The item schema of the TinyReason-6 suite (DATA.md §6.7): one record per question, the same shape
// for all six tasks, plus the code-generation fields (prompt, entry point, hidden tests, reference).
// Items are plain JSON so they can be frozen to JSONL and read back by the browser, the CLI and tests.

export const TASKS = ['logic', 'law', 'science', 'analogy', 'codeqa', 'codegen'] as const;
export type TaskId = (typeof TASKS)[number];

/**
 * The negative-transfer checks (PAPER.md §3, the paper's C3 / OCNLI / DuReader): reading
 * comprehension from a passage, three-way entailment, and extractive QA answered by generation.
 * A separate frozen set (datasets/eval/transfer3-v1), so the six tasks' set never changes.
 */
export const TRANSFER_TASKS = ['reading', 'nli', 'extractive'] as const;
export type TransferTaskId = (typeof TRANSFER_TASKS)[number];

/** Every task the runner can evaluate: the six reasoning tasks, then the transfer checks. */
export const ALL_TASKS = [...TASKS, ...TRANSFER_TASKS] as const;
export type EvalTaskId = TaskId | TransferTaskId;

export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];

/** `train` items (instruction data) and `eval` items draw names from disjoint pools. */
export type Split = 'train' | 'eval';

/** 'mc': rank `options`; 'exact': generate a short answer; 'codegen': write a function (pass@1, BLEU). */
export type ItemFormat = 'mc' | 'exact' | 'codegen';

export interface Item<T extends EvalTaskId = TaskId> {
  id: string;
  task: T;
  level: Level;
  split: Split;
  format: ItemFormat;
  /** A sub-kind of the task (e.g. codeqa 'print' vs 'match'); picks the template. */
  variant: string;
  /** What the model is given before the question: premises, statute, lecture, program. */
  context: string;
  question: string;
  /** MC options in their (seeded, shuffled) order; empty for 'exact' and 'codegen'. */
  options: string[];
  /** Index into `options` for 'mc'; the answer text for 'exact'; the reference body for 'codegen'. */
  answer: number | string;
  /** A worked answer in words (for the text-only instruction arm and the CoT condition). */
  rationale_text: string;
  /** The same worked answer as JavaScript (for the with-code instruction arm). */
  rationale_code: string;
  /** Code generation only: signature with doc comment; the model continues it. */
  prompt?: string;
  /** Code generation only: the function name the tests call. */
  entryPoint?: string;
  /** Code generation only: hidden tests, JS using `require('node:assert')` (MultiPL-E style). */
  tests?: string;
  /** Code generation only: how many assertions `tests` makes (a pass must reach all of them). */
  testCount?: number;
  /** Code generation only: the reference completion (prompt + reference is a full solution). */
  reference?: string;
}

/** An item of any task (the six reasoning tasks or the transfer checks). */
export type AnyItem = Item<EvalTaskId>;

/** The gold answer as text (the option for 'mc', the string otherwise). */
export function goldText(item: AnyItem): string {
  if (typeof item.answer === 'number') return item.options[item.answer];
  return item.answer;
}
