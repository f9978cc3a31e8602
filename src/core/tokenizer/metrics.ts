// Tokenizer-independent measures: bits per byte (so runs with different tokenizers compare, TECH.md
// §6) and bytes per token (how much text a token carries, per corpus). Nothing here trains or encodes
// beyond calling the encode function it is given.

import { utf8Length } from './utf8';

/**
 * Bits per UTF-8 byte: total next-token loss in nats over a text, divided by ln 2 and by the text's
 * UTF-8 byte count. The total is mean loss × number of predicted tokens.
 */
export function bitsPerByte(totalNatsLoss: number, numBytes: number): number {
  if (!Number.isFinite(totalNatsLoss) || totalNatsLoss < 0) {
    throw new Error(`bitsPerByte: totalNatsLoss must be a finite number >= 0, got ${totalNatsLoss}`);
  }
  if (!Number.isFinite(numBytes) || numBytes <= 0) {
    throw new Error(`bitsPerByte: numBytes must be a finite number > 0, got ${numBytes}`);
  }
  return totalNatsLoss / Math.LN2 / numBytes;
}

/** Average UTF-8 bytes per token. */
export function bytesPerToken(numBytes: number, numTokens: number): number {
  if (!Number.isFinite(numBytes) || numBytes < 0) throw new Error(`bytesPerToken: bad numBytes ${numBytes}`);
  if (!Number.isFinite(numTokens) || numTokens <= 0) {
    throw new Error(`bytesPerToken: numTokens must be > 0, got ${numTokens}`);
  }
  return numBytes / numTokens;
}

export interface TokenStats {
  bytes: number;
  tokens: number;
  bytesPerToken: number;
}

/** Encodes each text and totals bytes and tokens (bytesPerToken is 0 when there are no tokens). */
export function tokenStats(
  tokenizer: { encode(text: string): number[] },
  texts: Iterable<string>,
): TokenStats {
  let bytes = 0;
  let tokens = 0;
  for (const t of texts) {
    bytes += utf8Length(t);
    tokens += tokenizer.encode(t).length;
  }
  return { bytes, tokens, bytesPerToken: tokens > 0 ? bytes / tokens : 0 };
}
