// What every WGSL kernel of the engine shares: a program description in tfjs-backend-webgpu's
// format (TECH.md §1.5), a runner, and WGSL snippets for workgroup indexing and deterministic
// workgroup reductions. Leaves out: tfjs's coordinate accessors (the kernels index raw buffers,
// which also reads int32 inputs as i32) and anything that needs a WebGPU feature (f16, subgroups).
//
// Rules the kernels follow, because tfjs compiles each program with `layout: 'auto'`:
// - every input and the `uniforms` block must be referenced by the WGSL, or the bind group does
//   not match the pipeline (a validation error, then garbage);
// - the shader key names every compile-time constant (tfjs's cache key holds ranks and dtypes,
//   not shapes);
// - barriers run in uniform control flow: row kernels clamp their workgroup index instead of
//   returning early, and guard only their writes.
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';

export interface Uniform {
  type: 'int32' | 'float32';
  data: number[];
}

export interface ProgramSpec {
  /** Cache-key prefix; must include every value baked into the WGSL. */
  key: string;
  inputs: string[];
  outputShape: number[];
  /** Number of workgroups (1-D; tfjs folds it into 2-D when it exceeds the device limit). */
  workgroups: number;
  workgroupSize: number | [number, number, number];
  /** Extra uniform fields, e.g. 'eps : f32, '; values go to `run`. */
  uniforms?: string;
  /** Adds `uniforms.size` = output size. */
  size?: boolean;
  /** WGSL defining `fn main(index : i32)`. */
  code: string;
}

export function program(spec: ProgramSpec): WebGPUProgram {
  const wg = spec.workgroupSize;
  const workgroupSize: [number, number, number] = typeof wg === 'number' ? [wg, 1, 1] : wg;
  const flat = workgroupSize[0] * workgroupSize[1] * workgroupSize[2];
  if (flat > 256) throw new Error(`${spec.key}: workgroup of ${flat} threads exceeds 256`);
  return {
    variableNames: spec.inputs,
    outputShape: spec.outputShape,
    shaderKey: spec.key,
    dispatchLayout: { x: spec.outputShape.map((_, i) => i) },
    dispatch: [Math.max(1, spec.workgroups), 1, 1],
    workgroupSize,
    uniforms: spec.uniforms,
    size: spec.size,
    getUserCode: () => spec.code,
  };
}

/** Run a program; `output` (optional) is an existing tensor the program writes into. */
export function run(
  backend: WebGPUBackend,
  prog: WebGPUProgram,
  inputs: tf.TensorInfo[],
  uniforms: Uniform[] = [],
  dtype: 'float32' | 'int32' = 'float32',
  output?: tf.TensorInfo,
): tf.TensorInfo {
  return backend.runWebGPUProgram(prog, inputs, dtype, uniforms, output);
}

/**
 * How many inputs a program may bind besides `reserved` other storage buffers (the output
 * included): the device's maxStorageBuffersPerShaderStage — 8 by default (tfjs's own device),
 * more where the engine asked for the adapter's maximum — capped at 16.
 */
export function inputBudget(backend: WebGPUBackend, reserved: number): number {
  const limit = backend.device.limits.maxStorageBuffersPerShaderStage;
  return Math.max(1, Math.min(16, limit) - reserved);
}

/**
 * WGSL declaring inputs `names` (bound at tfjs's input slots from `firstInput` on, i.e. bindings
 * 1 + firstInput …) a second time, read_write, as `<name>W`: how a program writes several outputs.
 * tfjs binds one output and declares every input read-only; a kernel that must write more tensors
 * passes fresh ones as extra inputs and writes them through these aliases. WGSL lets two variables
 * share a binding as long as an entry point uses only one of them (the program never touches the
 * read-only names), and tfjs's `layout: 'auto'` then makes the slot a writable storage binding.
 */
export function writableAliases(firstInput: number, names: string[]): string {
  return names
    .map((n, i) => `@group(0) @binding(${1 + firstInput + i}) var<storage, read_write> ${n}W : array<f32>;`)
    .join('\n');
}

export const i32u = (v: number): Uniform => ({ type: 'int32', data: [v] });
export const f32u = (v: number): Uniform => ({ type: 'float32', data: [v] });

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Workgroups of `per` threads covering `n` items. */
export const groupsFor = (n: number, per: number): number => Math.ceil(n / per);

/** Threads per row for row-wise kernels: enough to cover C with a few columns each. */
export function rowThreads(C: number): number {
  return C >= 1024 ? 256 : C >= 256 ? 128 : 64;
}

/** The linear workgroup index, valid also when tfjs folds a long dispatch into two dimensions. */
export const WG_INDEX = /* wgsl */ `
  fn wgIndex() -> i32 {
    return i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y +
               workgroupId.y * numWorkgroups.x + workgroupId.x);
  }
`;

/**
 * Tree reductions over a workgroup of W threads (W a power of two), deterministic: the same
 * pairing every time. Call from uniform control flow; every thread gets the result.
 */
export function reduceSnippet(W: number): string {
  return /* wgsl */ `
  var<workgroup> redA : array<f32, ${W}>;
  var<workgroup> redB : array<f32, ${W}>;
  fn reduceSum(v : f32, tid : i32) -> f32 {
    redA[tid] = v;
    workgroupBarrier();
    for (var s = ${W >> 1}; s > 0; s = s >> 1) {
      if (tid < s) { redA[tid] = redA[tid] + redA[tid + s]; }
      workgroupBarrier();
    }
    let r = redA[0];
    workgroupBarrier();
    return r;
  }
  fn reduceMax(v : f32, tid : i32) -> f32 {
    redA[tid] = v;
    workgroupBarrier();
    for (var s = ${W >> 1}; s > 0; s = s >> 1) {
      if (tid < s) { redA[tid] = max(redA[tid], redA[tid + s]); }
      workgroupBarrier();
    }
    let r = redA[0];
    workgroupBarrier();
    return r;
  }
  // Two sums at once (one barrier chain): returns (Σa, Σb).
  fn reduceSum2(a : f32, b : f32, tid : i32) -> vec2<f32> {
    redA[tid] = a;
    redB[tid] = b;
    workgroupBarrier();
    for (var s = ${W >> 1}; s > 0; s = s >> 1) {
      if (tid < s) {
        redA[tid] = redA[tid] + redA[tid + s];
        redB[tid] = redB[tid] + redB[tid + s];
      }
      workgroupBarrier();
    }
    let r = vec2<f32>(redA[0], redB[0]);
    workgroupBarrier();
    return r;
  }
  // Online softmax merge of per-thread (max m, Σ exp(z − m)) pairs: returns (M, Σ exp(z − M)).
  fn reduceMaxSumExp(m : f32, s : f32, tid : i32) -> vec2<f32> {
    redA[tid] = m;
    redB[tid] = s;
    workgroupBarrier();
    for (var st = ${W >> 1}; st > 0; st = st >> 1) {
      if (tid < st) {
        let m1 = redA[tid];
        let m2 = redA[tid + st];
        let mm = max(m1, m2);
        redB[tid] = redB[tid] * exp(m1 - mm) + redB[tid + st] * exp(m2 - mm);
        redA[tid] = mm;
      }
      workgroupBarrier();
    }
    let r = vec2<f32>(redA[0], redB[0]);
    workgroupBarrier();
    return r;
  }
`;
}

/** The most negative finite f32: a masked score that exp() turns into exactly 0. */
export const NEG_BIG = '-3.402823e+38';

/** Shape and dtype checks with messages naming the kernel and the input. */
export function expectShape(kernel: string, name: string, t: tf.TensorInfo, rank: number): void {
  if (t.shape.length !== rank) {
    throw new Error(`${kernel}: input "${name}" must have rank ${rank}, got shape [${t.shape}]`);
  }
}

/** Register `kernelFunc` for the webgpu backend under `kernelName` (once); it may have several outputs. */
export function registerWebGPUKernel(
  kernelName: string,
  kernelFunc: (
    backend: WebGPUBackend,
    inputs: Record<string, tf.TensorInfo>,
    attrs: Record<string, unknown>,
  ) => tf.TensorInfo | tf.TensorInfo[],
): void {
  if (tf.getKernel(kernelName, 'webgpu')) return;
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) =>
      kernelFunc(
        backend as WebGPUBackend,
        inputs as Record<string, tf.TensorInfo>,
        attrs as Record<string, unknown>,
      ),
  });
}

export function expectDtype(kernel: string, name: string, t: tf.TensorInfo, dtype: tf.DataType): void {
  if (t.dtype !== dtype) throw new Error(`${kernel}: input "${name}" must be ${dtype}, got ${t.dtype}`);
}
