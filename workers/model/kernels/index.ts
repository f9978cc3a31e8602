// Registers the engine's own kernels with tfjs. Call once before building a model.
import { registerWasmUnsortedSegmentSum } from './unsorted-segment-sum';

export function registerEngineKernels(): void {
  registerWasmUnsortedSegmentSum();
}
