// Registers the engine's own kernels with tfjs. Call once before building a model.
import { registerAdamWKernels } from './adamw';
import { registerAttentionKernels } from './attention';
import { registerCrossEntropyKernels } from './cross-entropy';
import { registerEmbeddingKernels } from './embedding';
import { registerGeluKernels } from './gelu';
import { registerLayerNormKernels } from './layer-norm';
import { registerWasmUnsortedSegmentSum } from './unsorted-segment-sum';
import { registerWasmFastPaths } from './wasm-fast-paths';
import { registerWebGPUKernels } from './webgpu';

export function registerEngineKernels(): void {
  registerWasmUnsortedSegmentSum();
  registerWasmFastPaths();
  registerAttentionKernels();
  registerGeluKernels();
  registerLayerNormKernels();
  registerCrossEntropyKernels();
  registerEmbeddingKernels();
  registerAdamWKernels();
  registerWebGPUKernels();
}
