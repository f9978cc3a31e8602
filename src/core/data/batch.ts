// A training batch as plain arrays, the format the batchers produce and the engine consumes.

export type TokenArray = Uint16Array | Int32Array;

/** B rows of T token ids, their next-token targets and per-position loss weights. */
export interface Batch {
  B: number;
  T: number;
  idx: Int32Array; // [B·T]
  targets: Int32Array; // [B·T]
  /** 1 where the target counts in the loss, 0 where it does not (prompt tokens, padding). */
  weights: Float32Array; // [B·T]
  /**
   * Document ids within each row [B·T], when attention must not cross documents: a position
   * attends only to earlier positions with the same id. Absent: attention spans the whole row.
   */
  segments?: Int32Array;
}

/**
 * Segment ids that start a new document after every end-of-text token: the end token itself
 * still belongs to the document it closes (it is that document's last prediction).
 */
export function documentSegments(batch: Batch, eotId: number): Int32Array {
  const { B, T, idx } = batch;
  const out = new Int32Array(B * T);
  for (let r = 0; r < B; r++) {
    let seg = 0;
    for (let t = 0; t < T; t++) {
      out[r * T + t] = seg;
      if (idx[r * T + t] === eotId) seg += 1;
    }
  }
  return out;
}

/** Copy the window tokens[start .. start+T] into row `row` of a batch (inputs and shifted targets). */
export function fillRow(batch: Batch, row: number, tokens: TokenArray, start: number): void {
  const { T } = batch;
  for (let t = 0; t < T; t++) {
    batch.idx[row * T + t] = tokens[start + t];
    batch.targets[row * T + t] = tokens[start + t + 1];
    batch.weights[row * T + t] = 1;
  }
}

export function emptyBatch(B: number, T: number): Batch {
  return {
    B,
    T,
    idx: new Int32Array(B * T),
    targets: new Int32Array(B * T),
    weights: new Float32Array(B * T),
  };
}
