// What an evaluation of the reasoning suite returns: per task and level (n, accuracy, chance and a
// 95% interval) and per item (prompt, options with their scores, the prediction, executed code).
import type { McProtocol, SummaryRow, TaskId } from '../core/eval';

export interface EvalRequest {
  /** Which tasks (default: all six). */
  tasks?: TaskId[];
  /** At most this many items per task and level (default: all). */
  limit?: number;
  /** How multiple-choice options are ranked (default: the paper's perplexity protocol). */
  protocol?: McProtocol;
  /** The paper's chain-of-thought condition: the gold rationale placed in the input. */
  cot?: boolean;
}

export interface ItemReport {
  id: string;
  task: TaskId;
  level: number;
  format: 'mc' | 'exact' | 'codegen';
  prompt: string;
  options: string[];
  /** Score of each option (higher is better), for multiple choice. */
  scores: number[];
  /** The chosen option's index (mc), or the generated text (exact, codegen). */
  prediction: number | string;
  correct: boolean;
  chance: number;
  /** Code generation: smoothed BLEU-4 in [0, 1] and the sandbox's verdict. */
  bleu?: number;
  execution?: { outcome: string; stdout?: string; error?: string };
}

export interface EvalReport {
  suite: string;
  protocol: McProtocol;
  cot: boolean;
  summary: SummaryRow[];
  items: ItemReport[];
  seconds: number;
}

export interface EvalProgress {
  done: number;
  total: number;
  task: TaskId;
}
