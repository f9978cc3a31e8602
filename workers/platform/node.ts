// The engine's platform in Node (CLI and unit tests): WebGPU from the npm `webgpu` package (Dawn).
// Set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json to use SwiftShader where no GPU
// driver exists; leave it unset to let Vulkan find a real GPU.
import { create, globals } from 'webgpu';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { BackendPlatform } from '../backend';

let gpu: GPU | undefined;

/**
 * Dawn's GPU object, created once. Also installs what tfjs-backend-webgpu looks for globally: the
 * WebGPU classes (for its `instanceof` checks) and `navigator.gpu` (Node 20 has no `navigator`).
 */
export function nodeGpu(): GPU {
  if (!gpu) {
    Object.assign(globalThis, globals);
    gpu = create([]) as GPU;
    const g = globalThis as { navigator?: { gpu?: GPU } };
    if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
    (g.navigator as { gpu?: GPU }).gpu = gpu;
  }
  return gpu;
}

/** The directory holding tfjs's .wasm binaries, with a trailing slash (tfjs's path-prefix form). */
function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`;
}

export function nodePlatform(): BackendPlatform {
  return { gpu: nodeGpu(), wasmPaths: wasmDirectory() };
}
