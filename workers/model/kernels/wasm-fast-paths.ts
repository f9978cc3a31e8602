// Faster wasm implementations of two stock tfjs kernels, registered over tfjs-wasm's own:
// - Identity (tf.clone, and every tensor a custom gradient saves) shares the input's memory by
//   reference count, as the cpu backend does, instead of copying it: tensors are immutable, and
//   nothing in the engine writes into an input.
// - GatherV2 for the common case (axis 0, no batch dims, a 2-D float table, int32 ids) copies
//   whole rows with copyWithin; any other case goes to the original kernel.
// - Transpose of a 2-D float32 matrix runs as a blocked JS loop (~1.5 ns an element against
//   ~5 for tfjs-wasm's generic N-d loop); other transposes go to the original kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface WasmInternals {
  wasm: { HEAPU8: Uint8Array };
  incRef(dataId: object): void;
}

function replaceWasmKernel(name: string, make: (original: tf.KernelConfig) => tf.KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original || (original as { codemixFastPath?: boolean }).codemixFastPath) return;
  const config = { ...original, kernelFunc: make(original), codemixFastPath: true };
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(config);
}

const TILE = 64;

/**
 * dst [C, R] = src [R, C]ᵀ in TILE×TILE blocks (both sides stay in cache), eight source rows at a
 * time so each destination row gets eight adjacent writes (~3× a one-row loop, measured).
 */
export function transpose2d(heap: Float32Array, src: number, dst: number, R: number, C: number): void {
  for (let r0 = 0; r0 < R; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, R);
    for (let c0 = 0; c0 < C; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, C);
      let r = r0;
      for (; r + 7 < r1; r += 8) {
        const from = src + r * C;
        for (let c = c0; c < c1; c++) {
          const o = dst + c * R + r;
          const s = from + c;
          heap[o] = heap[s];
          heap[o + 1] = heap[s + C];
          heap[o + 2] = heap[s + 2 * C];
          heap[o + 3] = heap[s + 3 * C];
          heap[o + 4] = heap[s + 4 * C];
          heap[o + 5] = heap[s + 5 * C];
          heap[o + 6] = heap[s + 6 * C];
          heap[o + 7] = heap[s + 7 * C];
        }
      }
      for (; r < r1; r++) {
        const from = src + r * C;
        for (let c = c0; c < c1; c++) heap[dst + c * R + r] = heap[from + c];
      }
    }
  }
}

export function registerWasmFastPaths(): void {
  replaceWasmKernel('Transpose', (original) => (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const perm = (args.attrs as { perm: number[] }).perm;
    if (x.shape.length !== 2 || x.dtype !== 'float32' || perm[0] !== 1 || perm[1] !== 0)
      return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const [R, C] = x.shape;
    const out = backend.makeOutput([C, R], 'float32');
    const heap = new Float32Array((backend as unknown as WasmInternals).wasm.HEAPU8.buffer);
    const src = (backend.getMemoryOffset(x.dataId) as number) >>> 2;
    transpose2d(heap, src, (backend.getMemoryOffset(out.dataId) as number) >>> 2, R, C);
    return out;
  });
  replaceWasmKernel('Identity', (original) => (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as unknown as WasmInternals).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
  replaceWasmKernel('GatherV2', (original) => (args) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    if (
      x.shape.length !== 2 ||
      indices.shape.length !== 1 ||
      x.dtype !== 'float32' ||
      indices.dtype !== 'int32'
    )
      return original.kernelFunc(args);
    if ((axis ?? 0) !== 0 || (batchDims ?? 0) !== 0) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const [R, C] = x.shape;
    const N = indices.shape[0];
    const out = backend.makeOutput([N, C], 'float32');
    const heap = new Float32Array((backend as unknown as WasmInternals).wasm.HEAPU8.buffer);
    const src = (backend.getMemoryOffset(x.dataId) as number) >>> 2;
    const dst = (backend.getMemoryOffset(out.dataId) as number) >>> 2;
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < N; i++) {
      const r = ids[i];
      if (r < 0 || r >= R) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: index ${r} at position ${i} is not in [0, ${R})`);
      }
      heap.copyWithin(dst + i * C, src + r * C, src + (r + 1) * C);
    }
    return out;
  });
}
