// Registers the engine's WGSL kernels for the `webgpu` backend under the names of ../names.ts, so
// the model's fused ops (which call kernels by name where the active backend has them) run on the
// GPU as single programs instead of tfjs's composite ops. Registration needs no device: the
// programs compile on first use.
import { registerAdamWKernels } from './adamw';
import { registerAdamWParamsAllKernel } from './adamw-params';
import { registerAttentionKernels } from './attention';
import { registerEmbeddingGradKernel } from './embedding-grad';
import { registerGeluKernels } from './gelu';
import { registerLayerNormKernels } from './layer-norm';
import { registerSoftmaxCEKernels } from './softmax-ce';
import { registerSumSquaresKernel } from './sum-squares';

export function registerWebGPUKernels(): void {
  registerLayerNormKernels();
  registerGeluKernels();
  registerSoftmaxCEKernels();
  registerAttentionKernels();
  registerEmbeddingGradKernel();
  registerSumSquaresKernel();
  registerAdamWKernels();
  registerAdamWParamsAllKernel();
}
