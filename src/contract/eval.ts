// What an evaluation of the reasoning suite returns: per task and level (n, accuracy, chance and a
// 95% interval) and per item (prompt, options with their scores, the prediction, executed code), and
// beside them the negative-transfer checks: three small tasks and the held-out language-model loss
// on the corpora's text and code.
import type { EvalTaskId, McProtocol, SummaryRow } from '../core/eval';
import type { MeanInterval } from '../core/eval/stats';

export interface EvalRequest {
  /** Which tasks (default: all: the six reasoning tasks and the three transfer checks). */
  tasks?: EvalTaskId[];
  /** At most this many items per task and level (default: all). */
  limit?: number;
  /** How multiple-choice options are ranked (default: the paper's perplexity protocol). */
  protocol?: McProtocol;
  /** The paper's chain-of-thought condition: the gold rationale placed in the input. */
  cot?: boolean;
  /**
   * Held-out language-model loss on the built corpora's held-out split (default: on, with
   * HELDOUT_DEFAULTS); false skips it.
   */
  heldout?: false | { documents?: number; maxChars?: number };
  /**
   * At most this many tokens generated per item (short answers and code); default: each format's
   * own (code 192, short answers 32, extractive spans 16). Smaller caps make quick checks quicker
   * (the smoke study); a cap below an answer's length scores it wrong.
   */
  maxNewTokens?: number;
}

export const HELDOUT_DEFAULTS = { documents: 16, maxChars: 1500 } as const;

export interface ItemReport {
  id: string;
  task: EvalTaskId;
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
  /** Extractive QA: token F1 in [0, 1] (`correct` is exact match) and a random span's F1. */
  f1?: number;
  f1Chance?: number;
}

/** Held-out loss of one corpus, or pooled over the corpora of one kind. */
export interface HeldoutRow {
  /** The corpus (per-source rows) or 'text' / 'code' (pooled rows). */
  name: string;
  kind: 'text' | 'code';
  documents: number;
  tokens: number;
  bytes: number;
  /** Mean negative log-likelihood per token (nats), with a 95% bootstrap interval over documents. */
  loss: MeanInterval;
  /** The same in bits per UTF-8 byte (comparable across tokenizers). */
  bitsPerByte: MeanInterval;
  /** A uniform guess over the vocabulary: ln V nats per token, and that in bits per byte. */
  chance: { loss: number; bitsPerByte: number };
}

export interface HeldoutReport {
  /** Documents drawn per corpus (a seeded sample of its held-out split) and their length cap. */
  documents: number;
  maxChars: number;
  sources: HeldoutRow[];
  /** Pooled over all built corpora of each kind: the text and code figures to put beside the scores. */
  byKind: HeldoutRow[];
}

export interface EvalReport {
  /** The frozen sets the items came from, joined by '+' (e.g. 'tinyreason6-v1+transfer3-v1'). */
  suite: string;
  protocol: McProtocol;
  cot: boolean;
  summary: SummaryRow[];
  items: ItemReport[];
  /** Held-out language-model loss (absent when skipped or when the engine has no corpora). */
  heldout?: HeldoutReport;
  /** Why a part was left out, e.g. "held-out loss skipped: no corpora". */
  notes?: string[];
  seconds: number;
}

export interface EvalProgress {
  /** 'items' while scoring items, then 'heldout' while computing the held-out loss. */
  phase?: 'items' | 'heldout';
  done: number;
  total: number;
  /** The task of the item just scored, or the corpus of the document just scored. */
  task: EvalTaskId | 'heldout';
  source?: string;
}
