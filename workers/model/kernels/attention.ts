// The fused causal attention op: one kernel forward, one backward, registered for the cpu and wasm
// backends (attention-math.ts does the arithmetic). `fusedAttention` returns null where no fused
// kernel exists for the active backend, and the model then uses the composite tfjs ops.
import * as tf from '@tensorflow/tfjs-core';
import { attentionBackward, attentionForward } from './attention-math';
import { attentionBackwardWasm, attentionForwardWasm } from './attention-wasm';
import { hasKernel, registerJsKernel, registerWasmKernel } from './js-kernel';
import { ATTENTION, ATTENTION_GRAD } from './names';

interface Attrs {
  B: number;
  T: number;
  H: number;
}

export function registerAttentionKernels(): void {
  // wasm: the products on XNNPACK (attention-wasm.ts); cpu: plain JS loops (attention-math.ts).
  registerWasmKernel(ATTENTION, (backend, { qkv, segments }, attrs) => {
    const { B, T, H } = attrs as unknown as Attrs;
    const C = qkv.shape[1] / 3;
    const out = backend.makeOutput([B * T, C], 'float32');
    attentionForwardWasm(backend, qkv, segments, { B, T, H, C }, out);
    return out;
  });
  registerWasmKernel(ATTENTION_GRAD, (backend, { qkv, segments, dy }, attrs) => {
    const { B, T, H } = attrs as unknown as Attrs;
    const C = qkv.shape[1] / 3;
    const out = backend.makeOutput([B * T, 3 * C], 'float32');
    attentionBackwardWasm(backend, qkv, segments, dy, { B, T, H, C }, out);
    return out;
  });
  registerJsKernel(ATTENTION, (io, { qkv, segments }, attrs) => {
    const { B, T, H } = attrs as unknown as Attrs;
    const C = qkv.shape[1] / 3;
    const out = io.output([B * T, C]);
    attentionForward(
      io.input(qkv) as Float32Array,
      io.input(segments) as Int32Array,
      { B, T, H, C },
      out.values as Float32Array,
    );
    return out.info;
  });
  registerJsKernel(ATTENTION_GRAD, (io, { qkv, segments, dy }, attrs) => {
    const { B, T, H } = attrs as unknown as Attrs;
    const C = qkv.shape[1] / 3;
    const out = io.output([B * T, 3 * C]);
    attentionBackward(
      io.input(qkv) as Float32Array,
      io.input(segments) as Int32Array,
      io.input(dy) as Float32Array,
      { B, T, H, C },
      out.values as Float32Array,
    );
    return out.info;
  });
}

/**
 * Causal attention of packed qkv [B·T, 3C] → y [B·T, C]; `segments` [B·T] int32 limits attention
 * to positions of the same segment (all zeros: plain causal). Null when not fused on this backend.
 */
export function fusedAttention(qkv: tf.Tensor2D, segments: tf.Tensor1D, dims: Attrs): tf.Tensor2D | null {
  if (!hasKernel(ATTENTION)) return null;
  const attrs = { ...dims } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((x: tf.Tensor, s: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, s]);
    return {
      value: tf.engine().runKernel(ATTENTION, { qkv: x, segments: s }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, [xs, ss]: tf.Tensor[]) => [
        tf.engine().runKernel(ATTENTION_GRAD, { qkv: xs, segments: ss, dy }, attrs) as tf.Tensor,
        tf.zeros(ss.shape), // segment ids get no gradient (float32, as the tape requires)
      ],
    };
  }) as never) as unknown as (x: tf.Tensor, s: tf.Tensor) => tf.Tensor2D;
  return op(qkv, segments);
}
