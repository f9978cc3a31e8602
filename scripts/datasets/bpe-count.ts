// Token counts of the built corpora in the lab's own unit: a reference byte-level BPE (vocabulary
// 4096, the size recipes default to) trained on a fixed sample of every source's training split
// (its first ~200 KB of documents, so each source shapes the merges), then every document of
// every split encoded and counted. A run's own tokenizer differs (it trains on its recipe's
// sources), so these are reference figures, stated with the tokenizer that produced them.
import { trainBpe } from '../../src/core/tokenizer/index';
import type { Assembled } from './assemble';

export const REFERENCE_VOCAB = 4096;
const SAMPLE_CHARS_PER_SOURCE = 200_000;

export interface BpeCounts {
  tokenizer: string;
  train: number;
  heldout: number;
}

function sampleOf(docs: readonly string[]): string[] {
  const out: string[] = [];
  let chars = 0;
  for (const d of docs) {
    if (chars >= SAMPLE_CHARS_PER_SOURCE) break;
    out.push(d);
    chars += d.length;
  }
  return out;
}

/** BPE token counts per source (same order as `assembled`), train and held-out. */
export function referenceTokenCounts(assembled: readonly Assembled[]): BpeCounts[] {
  const sample = assembled.flatMap((a) => sampleOf(a.splits.train));
  const tok = trainBpe(sample, { vocabSize: REFERENCE_VOCAB });
  const tokenizer =
    `codemix-bpe, vocabulary ${REFERENCE_VOCAB} (with specials), trained on the first ` +
    `${SAMPLE_CHARS_PER_SOURCE / 1000}k chars of each source's train split`;
  const count = (docs: readonly string[]) => docs.reduce((n, d) => n + tok.encode(d).length, 0);
  return assembled.map((a) => ({
    tokenizer,
    train: count(a.splits.train),
    heldout: count(a.splits.heldout),
  }));
}
