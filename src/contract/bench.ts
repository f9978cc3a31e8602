// The training benchmark's request and record: the same fields from the CLI (`npm run bench`), the
// browser bench (`npm run bench:browser`) and the Train page's "Run benchmark" button. Plain data.
import type { ModelConfig, PresetName } from '../core/config/model';
import type { AdapterFacts, BackendName } from './backend';

export interface BenchRequest {
  preset: PresetName;
  /** Timed steps (default 20). */
  steps?: number;
  /** Rows per step (default 16). */
  batchSize?: number;
  /** Untimed steps before the profiled one and the timed window (default 3). */
  warmupSteps?: number;
}

/** Memory figures of the engine, in bytes; a field is null where the backend has no such memory. */
export interface MemoryFigures {
  /** Bytes held by live tensors (tf.memory().numBytes), the largest seen (in-step peaks included where profiled). */
  tensorBytes: number;
  /** wasm: the module's heap (WebAssembly memory only grows, so its size is its peak). */
  wasmHeapBytes: number | null;
  /** webgpu: bytes in GPU buffers tfjs has allocated, in use or pooled for reuse (the device's footprint). */
  gpuBytesAllocated: number | null;
  /** webgpu: bytes in GPU buffers in use by tensors. */
  gpuBytesInUse: number | null;
}

/** One backend's figures: one JSON line of the bench. */
export interface BenchRecord {
  backend: BackendName;
  preset: PresetName;
  config: Pick<ModelConfig, 'vocabSize' | 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd'> & { batchSize: number };
  params: number;
  /** Steady-state tokens per second over the timed window (one readback at its end). */
  tokPerSec: number;
  msPerStep: number;
  /** Kernels one training step launches (tf.profile of one step). */
  kernelsPerStep: number;
  /** Model FLOPs utilisation against `peakGflops` (a measured 2-D matmul peak on this backend). */
  mfu: number;
  peakGflops: number;
  /** The largest memory figures over the timed steps. */
  peakMemory: MemoryFigures;
  /** wasm: the XNNPACK thread count; null on other backends. */
  threads: number | null;
  /** webgpu: what the adapter says about itself; null on other backends. */
  adapter: AdapterFacts | null;
}

/** The figure to show as "memory" for a backend: its heap, its GPU buffers, or its tensors. */
export function headlineMemory(m: MemoryFigures): { bytes: number; what: string } {
  if (m.wasmHeapBytes !== null) return { bytes: m.wasmHeapBytes, what: 'WASM heap' };
  if (m.gpuBytesAllocated !== null) return { bytes: m.gpuBytesAllocated, what: 'GPU buffers allocated' };
  return { bytes: m.tensorBytes, what: 'tensors' };
}
