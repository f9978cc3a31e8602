// Counts what one call of a function costs in kernels: the engine's kernel calls as `tf.profile`
// records them (the bench's kernelsPerStep: every registered kernel, the Identity clones that save
// tensors for the backward pass, Reshapes, and one entry per customGrad op) and, on webgpu, the
// compute dispatches actually encoded (a kernel may dispatch several programs, or none: Reshape
// and Identity only move a reference). Deterministic, so meaningful even on SwiftShader (TECH §7.1).
import * as tf from '@tensorflow/tfjs-core';

export interface KernelCount {
  /** Entries of `tf.profile(fn).kernels`. */
  calls: number;
  /** The same by name, most first ('' = a customGrad op, named by its scope). */
  byName: [string, number][];
  /** GPU compute dispatches (null where WebGPU classes are absent: cpu/wasm in Node). */
  dispatches: number | null;
}

type Dispatch = (this: GPUComputePassEncoder, x: number, y?: number, z?: number) => void;

export async function countKernels(fn: () => void | Promise<void>): Promise<KernelCount> {
  const encoder = (globalThis as { GPUComputePassEncoder?: { prototype: { dispatchWorkgroups: Dispatch } } })
    .GPUComputePassEncoder;
  const onGpu = encoder !== undefined && tf.getBackend() === 'webgpu';
  let dispatches = 0;
  const original = encoder?.prototype.dispatchWorkgroups;
  if (onGpu && original) {
    encoder.prototype.dispatchWorkgroups = function (this: GPUComputePassEncoder, x, y, z) {
      dispatches += 1;
      original.call(this, x, y, z);
    };
  }
  let recorded: Awaited<ReturnType<typeof tf.profile>>;
  try {
    recorded = await tf.profile(async () => {
      await fn();
    });
  } finally {
    if (onGpu && original) encoder.prototype.dispatchWorkgroups = original;
  }
  const byName = new Map<string, number>();
  for (const k of recorded.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
  return {
    calls: recorded.kernels.length,
    byName: [...byName].sort((a, b) => b[1] - a[1]),
    dispatches: onGpu ? dispatches : null,
  };
}

/** One line: total, dispatches and the calls by name. */
export function formatCount(c: KernelCount): string {
  const names = c.byName.map(([name, n]) => `${name || '(customGrad)'} ${n}`).join(', ');
  const gpu = c.dispatches === null ? '' : `, ${c.dispatches} GPU dispatches`;
  return `tf.profile: ${c.calls} kernel calls${gpu}: ${names}`;
}
