// UnsortedSegmentSum for the wasm backend, which lacks it (TECH.md §1.3.8). It is the gradient of
// `gather`, i.e. the token-embedding backward: out[s] = Σ_{i: ids[i] = s} x[i]. Runs in JS over the
// backend's heap views; rows accumulate in id order, so the result is deterministic.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface SegmentSumInputs {
  x: tf.TensorInfo;
  segmentIds: tf.TensorInfo;
}

export function registerWasmUnsortedSegmentSum(): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as unknown as SegmentSumInputs;
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const wasm = backend as BackendWasm;
      const inner = tf.util.sizeFromShape(x.shape.slice(1));
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
      const xv = wasm.typedArrayFromHeap(x) as Float32Array;
      const ids = wasm.typedArrayFromHeap(segmentIds) as Int32Array;
      const ov = wasm.typedArrayFromHeap(out) as Float32Array;
      ov.fill(0);
      for (let i = 0; i < ids.length; i++) {
        const s = ids[i];
        if (s < 0 || s >= numSegments) continue;
        const src = i * inner;
        const dst = s * inner;
        for (let j = 0; j < inner; j++) ov[dst + j] += xv[src + j];
      }
      return out;
    },
  });
}
