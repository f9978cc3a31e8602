// A human-readable listing of a tokenizer's vocabulary, in the spirit of minbpe's `.vocab` file: one
// line per token, showing how each merged token was built. For reading, not for loading back.

import type { BpeTokenizer } from './bpe';
import { utf8Decoder } from './utf8';

/** Token bytes as text, with control and format characters and U+FFFD-producing bytes made visible. */
export function renderToken(bytes: Uint8Array): string {
  const text = utf8Decoder.decode(bytes);
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\\]/gu, (c) =>
    c === '\\' ? '\\\\' : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

/**
 * Lines of `id [token]` for the bytes, `id [left][right] -> [token]` for each merge (a merge that
 * spells an existing token shows that token's id), then `id [special] (special)`.
 */
export function vocabDump(tok: BpeTokenizer): string {
  const show = (id: number): string => `[${renderToken(tok.tokenBytes(id))}]`;
  const lines: string[] = [];
  for (let b = 0; b < 256; b++) lines.push(`${b} ${show(b)}`);
  tok.merges.forEach(([a, b], rank) => {
    const id = tok.mergeResultId(rank);
    lines.push(`${id} ${show(a)}${show(b)} -> ${show(id)}`);
  });
  tok.specialTokens.forEach((s) => lines.push(`${tok.specialId(s)} [${s}] (special)`));
  return lines.join('\n') + '\n';
}
