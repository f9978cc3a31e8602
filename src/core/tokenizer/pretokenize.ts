// The pre-tokenizer: splits text into chunks (words with their leading space, number groups of up to
// three digits, punctuation runs, newlines, indentation runs) that BPE merges never cross. It is the
// GPT-4 ("cl100k") split adapted to JavaScript (TECH.md §6). Special-token handling is not here.

/**
 * The GPT-4 split as a JavaScript `u` regex, with two deliberate changes:
 * - JS rejects GPT-4's `(?i:…)` group and possessive quantifiers (`?+`, `++`), so contractions are
 *   spelled out case by case and the quantifiers are ordinary (TECH.md §6, verified on Node 20).
 * - `\p{White_Space}` / `\P{White_Space}` instead of `\s` / `\S`: JS's `\s` also matches U+FEFF and
 *   misses U+0085, while Oniguruma (Rust `tokenizers`) and Tokenizers.js (which rewrites `\s` to
 *   `\p{White_Space}`) use the Unicode White_Space property. Spelling the property out makes our
 *   split, the exported `tokenizer.json`'s `Split` and Tokenizers.js agree character for character.
 * Indentation survives as chunks: `"\n    if"` splits as `"\n"`, `"   "`, `" if"`.
 */
export const DEFAULT_PATTERN =
  "'(?:[sdmtSDMT]|[lL]{2}|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\p{White_Space}\\p{L}\\p{N}]+[\\r\\n]*|\\p{White_Space}*[\\r\\n]|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+";

/** Compiles a split pattern with the flags the tokenizer uses (`gu`); names the pattern if it fails. */
export function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'gu');
  } catch (e) {
    throw new Error(`tokenizer pattern ${JSON.stringify(pattern)} is not a valid JS regex: ${String(e)}`, {
      cause: e,
    });
  }
}

/**
 * Calls `onChunk` for each chunk of `text`, in order, so that the chunks concatenate back to `text`.
 * Text between matches (none for the default pattern, which matches every character) becomes a
 * chunk of its own, as Hugging Face's `Split` with behavior "Isolated" does; empty matches are dropped.
 */
export function forEachChunk(text: string, re: RegExp, onChunk: (chunk: string) => void): void {
  re.lastIndex = 0;
  let prev = 0;
  for (;;) {
    const m = re.exec(text);
    if (m === null) break;
    const start = m.index;
    const s = m[0];
    if (s.length === 0) {
      re.lastIndex = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1); // never loop on an empty match
      continue;
    }
    if (start > prev) onChunk(text.slice(prev, start));
    onChunk(s);
    prev = start + s.length;
  }
  if (prev < text.length) onChunk(text.slice(prev));
}

/** The chunks of `text` as an array (for tests and tools; the hot paths use `forEachChunk`). */
export function splitChunks(text: string, re: RegExp): string[] {
  const out: string[] = [];
  forEachChunk(text, re, (c) => out.push(c));
  return out;
}
