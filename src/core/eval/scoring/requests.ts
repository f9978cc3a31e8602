// The contract between the suite and the engine that computes log-likelihoods or generates text.
// The suite says WHAT to score (context/continuation string pairs, generation prompts); the engine
// says HOW LIKELY (a sum of token log-probs and a token count per pair) or WHAT IT WROTE.
//
// Engine rules for a ScoringRequest (lm-eval-harness style):
// - encode `context` and `continuation` separately and concatenate the token ids (the continuation
//   carries its own leading space when it needs one);
// - if `context` is empty, condition on the document separator (EOT) token so the first continuation
//   token is predicted too;
// - return logprobSum = Σ log p(continuation token | everything before it), natural log, and
//   tokens = number of continuation tokens (≥ 1); truncate the context from the left if too long.

export interface ScoringRequest {
  context: string;
  continuation: string;
}

export interface ScoringResult {
  /** Sum of natural-log probabilities of the continuation tokens. */
  logprobSum: number;
  /** Number of continuation tokens. */
  tokens: number;
}

export interface GenerationRequest {
  prompt: string;
  /** Stop as soon as the generated text contains one of these (the stop string is cut off). */
  stop: string[];
  maxNewTokens: number;
}

/**
 * How multiple-choice options are ranked.
 * - 'paper': each option filled into the task's template (PAPER.md §3); the option whose templated
 *   passage has the lowest perplexity, i.e. the highest mean token log-prob of the passage that
 *   follows the template prefix, wins (the candidate conditions the scored passage).
 * - 'sum': log-likelihood of the option given the question (lm-eval "acc").
 * - 'mean': the same per token (length-normalised).
 * - 'calibrated': log p(option | question) − log p(option | "Answer:") (DATA.md §6.7).
 */
export type McProtocol = 'paper' | 'sum' | 'mean' | 'calibrated';
export const MC_PROTOCOLS: readonly McProtocol[] = ['paper', 'sum', 'mean', 'calibrated'];

export interface BuildOptions {
  /** The paper's chain-of-thought condition: the gold rationale placed in the input. */
  cot?: boolean;
}
