// Helpers for kernels written in JavaScript over a backend's own memory: the same arithmetic runs
// on the `cpu` backend (JS arrays) and the `wasm` backend (views of its heap), so each fused kernel
// has a cpu twin for free.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type TypedArray = Float32Array | Int32Array;

interface CpuLike {
  data: { get(id: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: TypedArray): tf.TensorInfo;
}

/** Read access to a kernel input, and an output to fill, on the cpu or wasm backend. */
export interface JsKernelIo {
  input(t: tf.TensorInfo): TypedArray;
  /** A new output tensor and a view to write into (zero-filled). */
  output(shape: number[], dtype?: 'float32' | 'int32'): { info: tf.TensorInfo; values: TypedArray };
}

export function jsKernelIo(backend: tf.KernelBackend, backendName: 'cpu' | 'wasm'): JsKernelIo {
  if (backendName === 'wasm') {
    const wasm = backend as BackendWasm;
    return {
      input: (t) => wasm.typedArrayFromHeap(t) as TypedArray,
      output: (shape, dtype = 'float32') => {
        const info = wasm.makeOutput(shape, dtype);
        const values = wasm.typedArrayFromHeap(info) as TypedArray;
        values.fill(0);
        return { info, values };
      },
    };
  }
  const cpu = backend as unknown as CpuLike;
  return {
    input: (t) => cpu.data.get(t.dataId).values as TypedArray,
    output: (shape, dtype = 'float32') => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
      return { info: cpu.makeTensorInfo(shape, dtype, values), values };
    },
  };
}

/** Register `kernelFunc` under `kernelName` for both JS-memory backends (or only those named). */
export function registerJsKernel(
  kernelName: string,
  kernelFunc: (
    io: JsKernelIo,
    inputs: Record<string, tf.TensorInfo>,
    attrs: Record<string, unknown>,
  ) => tf.TensorInfo | tf.TensorInfo[],
  backends: readonly ('cpu' | 'wasm')[] = ['cpu', 'wasm'],
): void {
  for (const backendName of backends) {
    if (tf.getKernel(kernelName, backendName)) continue;
    tf.registerKernel({
      kernelName,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) =>
        kernelFunc(
          jsKernelIo(backend as tf.KernelBackend, backendName),
          inputs as Record<string, tf.TensorInfo>,
          attrs as Record<string, unknown>,
        ),
    });
  }
}

/** Whether a kernel exists for the active backend (fused path) or the composite ops must run. */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** Register a wasm-only implementation (before `registerJsKernel`, which then keeps it for wasm). */
export function registerWasmKernel(
  kernelName: string,
  kernelFunc: (
    backend: BackendWasm,
    inputs: Record<string, tf.TensorInfo>,
    attrs: Record<string, unknown>,
  ) => tf.TensorInfo,
): void {
  if (tf.getKernel(kernelName, 'wasm')) return;
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) =>
      kernelFunc(
        backend as BackendWasm,
        inputs as Record<string, tf.TensorInfo>,
        attrs as Record<string, unknown>,
      ),
  });
}
