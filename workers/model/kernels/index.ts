// Registers the engine's own kernels with tfjs. Call once before building a model.
import { registerAttentionKernels } from './attention';
import { registerGeluKernels } from './gelu';
import { registerWasmUnsortedSegmentSum } from './unsorted-segment-sum';

export function registerEngineKernels(): void {
  registerWasmUnsortedSegmentSum();
  registerAttentionKernels();
  registerGeluKernels();
}
