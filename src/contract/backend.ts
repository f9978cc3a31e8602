// Types describing which compute backend the engine runs on and what the device reports.
// Plain data only: the UI imports these, never tfjs.

/** A tfjs backend the engine can run on. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** What the user asked for: a specific backend, or `auto` (WebGPU, else WASM, else CPU). */
export type BackendChoice = BackendName | 'auto';

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

/** Facts a WebGPU adapter reports about itself (GPUAdapterInfo plus the limits that bound our kernels). */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a fallback (software) adapter such as SwiftShader. */
  isFallbackAdapter: boolean;
  features: string[];
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
    maxComputeWorkgroupSizeX: number;
    maxComputeWorkgroupsPerDimension: number;
    maxStorageBuffersPerShaderStage: number;
  };
}

/** Facts about the WASM backend (XNNPACK build in use). */
export interface WasmFacts {
  simd: boolean;
  /** Threads of the XNNPACK pool (1 = the single-thread build or a pool of one). */
  threads: number;
  /** Why threads are off (e.g. "not cross-origin isolated"); absent when threads > 1. */
  threadsOffReason?: string;
}

/** One comparison of the numerics self-test: an op on the chosen backend against the CPU backend. */
export interface SelfTestCheck {
  name: string;
  maxAbsDiff: number;
  tolerance: number;
  passed: boolean;
}

export interface SelfTestResult {
  passed: boolean;
  checks: SelfTestCheck[];
  millis: number;
}

/** Everything the engine says about itself once it is ready. */
export interface EngineInfo {
  backend: BackendName;
  requested: BackendChoice;
  /** Why this backend was chosen (e.g. "forced by ?backend=wasm", "no WebGPU adapter"). */
  reason: string;
  /** Backends that were tried and failed before this one, with the error. */
  fallbacks: { backend: BackendName; error: string }[];
  adapter: AdapterFacts | null;
  wasm: WasmFacts | null;
  selfTest: SelfTestResult;
  tfjsVersion: string;
}
