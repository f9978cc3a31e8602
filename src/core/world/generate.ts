// The seeded world-text generator: a list of short documents (stories, fact sheets, reasoning in
// prose) about the small world, using one pool's names. Same seed, size and pool → same documents.
import { utf8Length } from '../tokenizer/utf8';
import type { PoolName } from './pools';
import { kindChain, counting, ordering, scienceLesson, townRule } from './reasoning';
import { Ctx } from './sentences';
import { creatureStory, everydayStory, factSheet, objectStory } from './stories';

/** Bump when the generator's output changes for the same inputs (the dataset build hashes it). */
export const WORLD_TEXT_VERSION = 1;

type Builder = (ctx: Ctx) => string;

/** Document kinds and their relative weights. */
export const DOC_KINDS: readonly (readonly [string, Builder, number])[] = [
  ['everyday-story', everydayStory, 30],
  ['creature-story', creatureStory, 16],
  ['fact-sheet', factSheet, 14],
  ['object-story', objectStory, 8],
  ['kind-chain', kindChain, 8],
  ['town-rule', townRule, 8],
  ['ordering', ordering, 4],
  ['counting', counting, 6],
  ['science', scienceLesson, 6],
];

const TOTAL_WEIGHT = DOC_KINDS.reduce((s, k) => s + k[2], 0);

export { utf8Length };

/** One document drawn from ctx. */
export function worldDocument(ctx: Ctx): string {
  let r = ctx.rng.int(TOTAL_WEIGHT);
  for (const [, build, w] of DOC_KINDS) {
    if (r < w) return build(ctx);
    r -= w;
  }
  throw new Error('worldDocument: weights do not add up');
}

/**
 * Documents about the small world until their UTF-8 bytes reach `targetBytes` (the last document
 * may overshoot). `pool` chooses whose names appear: 'train' for corpora and instructions,
 * 'eval' only for the evaluation suite.
 */
export function generateWorldText(seed: number, targetBytes: number, pool: PoolName = 'train'): string[] {
  if (!Number.isFinite(targetBytes) || targetBytes < 0) {
    throw new Error(`generateWorldText: targetBytes must be a non-negative number, got ${targetBytes}`);
  }
  const ctx = new Ctx(seed, pool);
  const docs: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const doc = worldDocument(ctx);
    docs.push(doc);
    bytes += utf8Length(doc);
  }
  return docs;
}
