// The Playground's questions to the engine, as plain data: the next token's distribution after a
// text, each token's loss under a checkpoint, the same for two checkpoints side by side, and a few
// evaluation items as sample texts. Every question names a saved checkpoint or, without one, uses
// the model the engine holds; naming a checkpoint never replaces that model (see workers/playground.ts).

export interface NextTokensRequest {
  text: string;
  /** How many of the most likely tokens to return (default 10, at most the vocabulary). */
  topN?: number;
  /** A saved checkpoint to ask; without it, the loaded model. */
  checkpoint?: string;
}

export interface TokenProb {
  /** The token's text (a token that is part of a multi-byte character shows as U+FFFD). */
  token: string;
  id: number;
  /** Probability of this token coming next (softmax of the logits, temperature 1). */
  prob: number;
}

export interface NextTokensResult {
  /** The topN most likely next tokens, most likely first. */
  tokens: TokenProb[];
  /** Tokens of the text the model saw (the last blockSize of them at most). */
  contextTokens: number;
  checkpoint: string | null;
  step: number;
}

export interface TokenLossRequest {
  text: string;
  checkpoint?: string;
}

export interface TokenLoss {
  /** The characters this token completes (empty for a token that only starts a character). */
  text: string;
  id: number;
  /**
   * −ln p(token | what came before), in nats. The text is read as the start of a document (after
   * an end-of-text token, as training documents are), so the first token has a loss too.
   */
  loss: number;
}

export interface TokenLossResult {
  pieces: TokenLoss[];
  /** Mean loss per token (NaN for an empty text). */
  meanLoss: number;
  /** Sum of the losses: −ln p(text | document start). Comparable across tokenizers. */
  totalLoss: number;
  checkpoint: string | null;
  step: number;
}

export interface CompareLossesRequest {
  text: string;
  /** The reference checkpoint. */
  a: string;
  /** The checkpoint compared with it. */
  b: string;
}

/**
 * A stretch of the text on which both checkpoints' tokens begin and end (the tokens themselves
 * when both use the same tokenizer). A token that spans several segments shares its loss out
 * over them in proportion to their characters.
 */
export interface LossSegment {
  text: string;
  lossA: number;
  lossB: number;
  /** lossB − lossA: negative where b predicts the text better than a. */
  diff: number;
}

export interface LossComparison {
  a: TokenLossResult;
  b: TokenLossResult;
  segments: LossSegment[];
  /** (b.totalLoss − a.totalLoss) / characters: nats per character. */
  diffPerChar: number;
  /** Whether a and b split the text into the same tokens. */
  sameTokens: boolean;
}

/** An evaluation item written out as one text (context, question, worked answer). */
export interface PlaygroundSample {
  id: string;
  task: string;
  level: number;
  text: string;
}
