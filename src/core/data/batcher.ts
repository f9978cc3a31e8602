// The pre-training batcher: fixed-length windows drawn from each source's token stream, with rows
// allotted to sources so that the realised mix follows the schedule's weights closely, not just on
// average. Rows are allotted by accumulated credit (each step a source earns weight·B row-credits
// and every row spends one), so after any number of steps each source's row count is within one
// row of its scheduled total. Window positions come from the seeded RNG. The whole state is plain
// data, so a checkpoint stores it and a resumed run draws exactly the same batches.
import { Rng } from '../rng';
import { emptyBatch, fillRow, type Batch, type TokenArray } from './batch';
import type { SourceKind } from './schedule';

export interface TokenSource {
  name: string;
  kind: SourceKind;
  train: TokenArray;
  heldout: TokenArray;
}

export interface BatcherState {
  rng: number;
  credit: Record<string, number>;
  /** Rows and target tokens drawn so far per source: the exact per-source token count. */
  rows: Record<string, number>;
  tokens: Record<string, number>;
}

export interface DrawnBatch {
  batch: Batch;
  /** The source of each row, in order. */
  rowSources: string[];
}

export class Batcher {
  private readonly sources: TokenSource[];
  private readonly B: number;
  private readonly T: number;
  private readonly rng: Rng;
  private readonly state: BatcherState;

  constructor(sources: TokenSource[], dims: { B: number; T: number; seed: number }, state?: BatcherState) {
    if (sources.length === 0) throw new Error('the batcher needs at least one source');
    for (const s of sources) {
      if (s.train.length < dims.T + 1) {
        throw new Error(
          `source "${s.name}" has ${s.train.length} training tokens, fewer than one window (${dims.T + 1})`,
        );
      }
    }
    this.sources = sources;
    this.B = dims.B;
    this.T = dims.T;
    const zero = () => Object.fromEntries(sources.map((s) => [s.name, 0]));
    this.state = state
      ? structuredClone(state)
      : { rng: new Rng(dims.seed).getState(), credit: zero(), rows: zero(), tokens: zero() };
    this.rng = new Rng(0);
    this.rng.setState(this.state.rng);
  }

  /** Draw the next batch for `weights` (over source names, summing to 1). */
  next(weights: Record<string, number>): DrawnBatch {
    const { B, T } = this;
    const batch = emptyBatch(B, T);
    const credit = this.state.credit;
    for (const s of this.sources) credit[s.name] = (credit[s.name] ?? 0) + (weights[s.name] ?? 0) * B;
    const rowSources: string[] = [];
    for (let row = 0; row < B; row++) {
      // The source owed the most rows gets this one (ties: first in source order).
      let best = this.sources[0];
      for (const s of this.sources) if (credit[s.name] > credit[best.name] + 1e-12) best = s;
      credit[best.name] -= 1;
      const start = this.rng.int(best.train.length - T);
      fillRow(batch, row, best.train, start);
      rowSources.push(best.name);
      this.state.rows[best.name] += 1;
      this.state.tokens[best.name] += T;
    }
    this.state.rng = this.rng.getState();
    return { batch, rowSources };
  }

  getState(): BatcherState {
    return structuredClone({ ...this.state, rng: this.rng.getState() });
  }
}

/**
 * Fixed held-out batches for a source: `count` batches of B evenly spaced windows over its
 * held-out tokens, the same at every evaluation, so held-out loss curves compare step to step.
 */
export function heldoutBatches(source: TokenSource, B: number, T: number, count: number): Batch[] {
  const tokens = source.heldout.length >= T + 1 ? source.heldout : source.train;
  const windows = Math.max(1, Math.floor((tokens.length - 1) / T));
  const out: Batch[] = [];
  for (let k = 0; k < count; k++) {
    const batch = emptyBatch(B, T);
    for (let row = 0; row < B; row++) {
      const w = Math.floor(((k * B + row) * windows) / (count * B)) % windows;
      fillRow(batch, row, tokens, Math.min(w * T, tokens.length - T - 1));
    }
    out.push(batch);
  }
  return out;
}
