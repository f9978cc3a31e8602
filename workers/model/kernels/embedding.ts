// Embedding lookup with a deterministic backward: rows of a table gathered by id, whose gradient
// adds the upstream rows into a zero table in id order (the EMBEDDING_GRAD kernel on backends that
// have it; elsewhere tfjs's unsortedSegmentSum, the stock gradient of gather). The same op serves
// token embeddings (ids = tokens) and position embeddings (ids = position of each row).
// Shapes: table [R, C], ids [N] int32 → [N, C].
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel, registerJsKernel } from './js-kernel';
import { EMBEDDING_GRAD } from './names';

/** out [R, C] = Σ_{i: ids[i] = r} dy[i]; ids outside [0, R) are skipped. `out` must be zeroed. */
export function embeddingGrad(
  ids: Int32Array,
  dy: Float32Array,
  C: number,
  R: number,
  out: Float32Array,
): void {
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i];
    if (r < 0 || r >= R) continue;
    const src = i * C;
    const dst = r * C;
    for (let c = 0; c < C; c++) out[dst + c] += dy[src + c];
  }
}

export function registerEmbeddingKernels(): void {
  registerJsKernel(EMBEDDING_GRAD, (io, { ids, dy }, attrs) => {
    const numRows = attrs.numRows as number;
    const C = dy.shape[1];
    const out = io.output([numRows, C]);
    embeddingGrad(
      io.input(ids) as Int32Array,
      io.input(dy) as Float32Array,
      C,
      numRows,
      out.values as Float32Array,
    );
    return out.info;
  });
}

/** Rows `ids` [N] (int32) of `table` [R, C] → [N, C], differentiable in the table. */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const R = table.shape[0];
  const op = tf.customGrad(((t: tf.Tensor, i: tf.Tensor, save: tf.GradSaveFunc) => {
    save([i]);
    return {
      value: tf.gather(t, i),
      gradFunc: (dy: tf.Tensor, [is]: tf.Tensor[]) => [
        hasKernel(EMBEDDING_GRAD)
          ? (tf.engine().runKernel(EMBEDDING_GRAD, { ids: is, dy }, {
              numRows: R,
            } as unknown as tf.NamedAttrMap) as tf.Tensor)
          : tf.unsortedSegmentSum(dy, is as tf.Tensor1D, R),
        tf.zeros(is.shape), // ids get no gradient (float32, as the tape requires)
      ],
    };
  }) as never) as unknown as (t: tf.Tensor, i: tf.Tensor) => tf.Tensor2D;
  return op(table, ids);
}
