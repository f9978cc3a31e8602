// What a training stage draws its batches from. The loop (stage-loop.ts) is the same for every
// stage kind; a StageData turns "the code share for this step" into micro-batches, and knows its
// fixed evaluation batches and its state for checkpoints. Pre-training draws windows from the
// corpora (src/core/data/batcher.ts); instruction tuning draws packed examples (instruct-data.ts).
import { Batcher, heldoutBatches, type BatcherState, type TokenSource } from '../../src/core/data/batcher';
import { documentSegments, type Batch } from '../../src/core/data/batch';
import { sourceWeights } from '../../src/core/data/schedule';
import type { PretrainStage } from '../../src/core/recipe/recipe';
import type { PreparedData } from './prepare';

export interface EvalSet {
  source: string;
  heldout: Batch[];
  /** Empty when the stage trains on nothing of this source (e.g. code instructions in the text arm). */
  train: Batch[];
}

export interface StageData {
  /** The names rows are drawn from (corpora, or kinds of instruction). */
  sources: string[];
  /** Whether each source is text or code (for the realised code share). */
  kinds: Record<string, 'text' | 'code'>;
  /** The share of code when the recipe gives no schedule (the sources' natural proportion). */
  naturalCodeShare: number;
  /** Scheduled weights per source for a code share. */
  weightsFor(codeShare: number): Record<string, number>;
  /** The next micro-batch for these weights, and the source of each of its rows. */
  next(weights: Record<string, number>): { batch: Batch; rowSources: string[] };
  /** Target tokens drawn so far per source (exact). */
  tokensBySource(): Record<string, number>;
  /** Plain-data state for checkpoints (resuming draws the same batches). */
  state(): unknown;
  evalSets: EvalSet[];
  /** UTF-8 bytes per token per source, for bits per byte. */
  bytesPerToken: Record<string, number>;
}

export interface PretrainDataOptions {
  stage: PretrainStage;
  data: PreparedData;
  T: number;
  seed: number;
  crossDocumentAttention: boolean;
  state?: unknown;
}

export function pretrainData(o: PretrainDataOptions): StageData {
  const sources = o.data.sources.filter((s) => o.stage.sources.includes(s.name));
  const mix = sources.map((s) => ({ name: s.name, kind: s.kind, size: s.train.length }));
  const size = (kind?: 'code') => mix.filter((s) => !kind || s.kind === kind).reduce((n, s) => n + s.size, 0);
  const batcher = new Batcher(
    sources,
    { B: o.stage.batchSize, T: o.T, seed: o.seed },
    o.state as BatcherState | undefined,
  );
  const eot = o.data.tokenizer.eotId;
  const withSegments = (b: Batch): Batch =>
    o.crossDocumentAttention ? b : { ...b, segments: documentSegments(b, eot) };
  return {
    sources: sources.map((s) => s.name),
    kinds: Object.fromEntries(sources.map((s) => [s.name, s.kind])),
    naturalCodeShare: size() > 0 ? size('code') / size() : 0,
    weightsFor: (share) => sourceWeights(mix, share),
    next: (weights) => {
      const drawn = batcher.next(weights);
      return { ...drawn, batch: withSegments(drawn.batch) };
    },
    tokensBySource: () => batcher.getState().tokens,
    state: () => batcher.getState(),
    evalSets: lmEvalSets(sources, o.stage.batchSize, o.T, o.stage.evalBatches, withSegments),
    bytesPerToken: o.data.bytesPerToken,
  };
}

/** Fixed held-out and training windows per corpus, for LM losses. */
export function lmEvalSets(
  sources: TokenSource[],
  B: number,
  T: number,
  count: number,
  prepare: (b: Batch) => Batch,
): EvalSet[] {
  return sources.map((s) => ({
    source: s.name,
    heldout: heldoutBatches(s, B, T, count).map(prepare),
    train: heldoutBatches({ ...s, heldout: s.train }, B, T, count).map(prepare),
  }));
}
