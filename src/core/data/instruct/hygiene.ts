// What keeps instruction data clean: the hashes that identify a suite item (the frozen set's
// textHash, and the same without the options), the check that no evaluation-pool name appears,
// the realcode exclusion names, and the test for code-looking text (which must never reach the
// text arm). Pure functions; the snapshots they check against are in excluded.ts.
import { sha256HexFallback } from '../../checkpoint/sha256';
import type { Item } from '../../eval/types';
import { utf8Encoder } from '../../tokenizer/utf8';
import { POOLS } from '../../world/pools';
import { EVAL_STEM_HASHES, REALCODE_LODASH, REALCODE_THIRTY_SECONDS } from './excluded';

const normalise = (parts: string[]): string => parts.join('\u0000').replace(/\s+/g, ' ').trim();
const hash16 = (text: string): string => sha256HexFallback(utf8Encoder.encode(text)).slice(0, 16);

/**
 * What makes two suite items "the same question": context, question, options and prompt, joined
 * by NUL and whitespace-normalised; the first 16 hex digits of its SHA-256. The same function as
 * scripts/eval/frozen-set.ts textHash (hygiene.test.ts checks they agree).
 */
export function itemHash(item: Item): string {
  return hash16(normalise([item.context, item.question, ...item.options, item.prompt ?? '']));
}

/**
 * The same without the options: two items with one stem ask the same thing with other distractors
 * (or the options in another order), e.g. the same small program in "what does this print".
 */
export function stemHash(item: Item): string {
  return hash16(normalise([item.context, item.question, item.prompt ?? '']));
}

/**
 * True when the item asks what a frozen evaluation item asks (same stem; an identical item always
 * has an identical stem). `stems`: stem hashes to keep out (default: the frozen TinyReason-6 set).
 */
export function isEvalItem(item: Item, stems: ReadonlySet<string> = EVAL_STEM_HASHES): boolean {
  return stems.has(stemHash(item));
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Names of people and places are matched as written (so "Bo" but not "bo"); invented words in any
// case, with a plural ending.
const EVAL_PROPER = new RegExp(
  `\\b(?:${[...POOLS.eval.people.map((p) => p.name), ...POOLS.eval.places].map(escape).join('|')})\\b`,
);
const EVAL_INVENTED = new RegExp(
  `\\b(?:${[...POOLS.eval.creatures, ...POOLS.eval.kinds, ...POOLS.eval.objects, ...POOLS.eval.youngs]
    .map(escape)
    .join('|')})(?:s|es)?\\b`,
  'i',
);

/** The first evaluation-pool name in `text`, or undefined. */
export function evalNameIn(text: string): string | undefined {
  return (EVAL_PROPER.exec(text) ?? EVAL_INVENTED.exec(text))?.[0];
}

const REALCODE = new Set([...REALCODE_THIRTY_SECONDS, ...REALCODE_LODASH].map((n) => n.toLowerCase()));

/** True for a function name the real-code track evaluates on (30-seconds-of-code or lodash). */
export function isRealcodeName(name: string): boolean {
  return REALCODE.has(name.toLowerCase());
}

/** Marks of JavaScript that never occur in the text arm's plain English. */
const CODE_MARKS = [
  /=>/,
  /[{}`]/,
  /console\./,
  /\bfunction\s*[\w$]*\s*\([^)]*\)\s*\{/,
  /\b(?:const|let|var)\s+[\w$]+\s*=/,
  /===|!==|&&|\|\|/,
];

/** True when text looks like code (used to keep the text arm free of it). */
export function looksLikeCode(text: string): boolean {
  return CODE_MARKS.some((re) => re.test(text));
}
