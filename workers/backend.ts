// Chooses and starts the tfjs backend for the engine: WebGPU, else WASM, else CPU (or a forced one),
// reports what the device says about itself, and forwards GPU device loss and uncaptured WebGPU
// errors as engine events. Platform-specific setup (WASM binary URLs in the browser, Dawn in Node)
// comes in through `BackendPlatform`; this file touches neither the DOM nor Node APIs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { AdapterFacts, BackendChoice, BackendName, WasmFacts } from '../src/contract/backend';
import type { EngineEvent } from '../src/contract/events';

export interface BackendPlatform {
  /** The WebGPU entry point (`navigator.gpu` in browsers, Dawn's in Node); undefined if there is none. */
  gpu: GPU | undefined;
  /** Where the tfjs WASM binaries are: a map of URLs (browser) or a directory prefix (Node). */
  wasmPaths?: string | Record<string, string>;
  /** How many WASM threads to ask for (the threaded build is used only when cross-origin isolated). */
  wasmThreads?: number;
}

export interface StartedBackend {
  backend: BackendName;
  reason: string;
  fallbacks: { backend: BackendName; error: string }[];
  adapter: AdapterFacts | null;
  wasm: WasmFacts | null;
  device: GPUDevice | null;
}

const AUTO_ORDER: BackendName[] = ['webgpu', 'wasm', 'cpu'];

/** Start a backend for `choice`, falling back in the order WebGPU → WASM → CPU when `auto`. */
export async function startBackend(
  choice: BackendChoice,
  platform: BackendPlatform,
  onEvent: (event: EngineEvent) => void,
): Promise<StartedBackend> {
  const order = choice === 'auto' ? AUTO_ORDER : [choice];
  const fallbacks: StartedBackend['fallbacks'] = [];
  for (const backend of order) {
    try {
      const started = await startOne(backend, platform, onEvent);
      const reason =
        choice !== 'auto'
          ? `forced (${backend} requested)`
          : fallbacks.length === 0
            ? `${backend} is the first available backend`
            : `${fallbacks.map((f) => `${f.backend} unavailable: ${f.error}`).join('; ')}`;
      return { ...started, reason, fallbacks };
    } catch (error) {
      fallbacks.push({ backend, error: errorMessage(error) });
    }
  }
  const tried = fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ');
  throw new Error(`No backend could start (${tried})`);
}

async function startOne(
  backend: BackendName,
  platform: BackendPlatform,
  onEvent: (event: EngineEvent) => void,
): Promise<Omit<StartedBackend, 'reason' | 'fallbacks'>> {
  if (backend === 'webgpu') return startWebGPU(platform, onEvent);
  if (backend === 'wasm') return startWasm(platform);
  await activate('cpu');
  return { backend: 'cpu', adapter: null, wasm: null, device: null };
}

async function activate(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs could not initialise the ${name} backend`);
  await tf.ready();
}

async function startWebGPU(
  platform: BackendPlatform,
  onEvent: (event: EngineEvent) => void,
): Promise<Omit<StartedBackend, 'reason' | 'fallbacks'>> {
  const gpu = platform.gpu;
  if (!gpu) throw new Error('this environment has no WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned no adapter');
  const device = await adapter.requestDevice(deviceDescriptor(adapter));
  watchDevice(device, onEvent);
  const facts = adapterFacts(adapter);
  // Register our own factory so the backend uses this very device (and we see its events).
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info), 3);
  await activate('webgpu');
  return { backend: 'webgpu', adapter: facts, wasm: null, device };
}

/** The limits tfjs itself asks for (at the adapter's maximum), plus timestamp queries when offered. */
function deviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  const l = adapter.limits;
  const requiredFeatures: GPUFeatureName[] = [];
  if (adapter.features.has('timestamp-query')) requiredFeatures.push('timestamp-query');
  return {
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  };
}

export function adapterFacts(adapter: GPUAdapter): AdapterFacts {
  const info = adapter.info;
  const l = adapter.limits;
  // `isFallbackAdapter` moved from GPUAdapter to GPUAdapterInfo; read either. SwiftShader is software
  // even where an implementation does not flag it.
  const flagged =
    (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    false;
  const software = /swiftshader|llvmpipe|lavapipe|software|basic render/i.test(
    `${info.vendor} ${info.architecture} ${info.device} ${info.description}`,
  );
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: flagged || software,
    features: [...adapter.features].map(String).sort(),
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  };
}

/** tfjs handles neither device loss nor uncaptured errors (TECH.md §1.3.10): forward both. */
function watchDevice(device: GPUDevice, onEvent: (event: EngineEvent) => void): void {
  void device.lost.then((info) => {
    onEvent({ type: 'device-lost', reason: String(info.reason ?? 'unknown'), message: info.message ?? '' });
  });
  device.addEventListener('uncapturederror', (event) => {
    const error = (event as GPUUncapturedErrorEvent).error;
    onEvent({ type: 'gpu-error', errorType: gpuErrorType(error), message: error.message });
  });
}

function gpuErrorType(error: GPUError): 'validation' | 'out-of-memory' | 'internal' | 'unknown' {
  const name = error.constructor?.name ?? '';
  if (name.includes('Validation')) return 'validation';
  if (name.includes('OutOfMemory')) return 'out-of-memory';
  if (name.includes('Internal')) return 'internal';
  return 'unknown';
}

async function startWasm(platform: BackendPlatform): Promise<Omit<StartedBackend, 'reason' | 'fallbacks'>> {
  if (platform.wasmPaths) setWasmPaths(platform.wasmPaths);
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  // tfjs loads the threaded SIMD build exactly when both flags hold (and no single-file wasmPath is set).
  const threaded = simd && Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const wanted = platform.wasmThreads;
  if (wanted) setThreadsCount(wanted);
  if (threaded && wanted && wanted > 1) await withReportedCores(2 * wanted, () => activate('wasm'));
  else await activate('wasm');
  const threads = getThreadsCount();
  const off = threads > 1 ? null : threadsOffReason(simd, threaded, wanted);
  const wasm: WasmFacts = { simd, threads, ...(off ? { threadsOffReason: off } : {}) };
  return { backend: 'wasm', adapter: null, wasm, device: null };
}

/**
 * tfjs-wasm 4.22 caps its XNNPACK pool at min(requested, 8, hardwareConcurrency / 2) (backend.cc assumes
 * two hyperthreads per core), so on a 2-core machine every request gives 1 thread. The cap reads
 * `navigator.hardwareConcurrency` once, while the module starts; report `cores` only for that window.
 */
async function withReportedCores<T>(cores: number, body: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav) return body();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => cores });
  try {
    return await body();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Why the WASM backend runs on one thread, in words for the status bar. */
function threadsOffReason(simd: boolean, threaded: boolean, wanted: number | undefined): string {
  if (tf.env().get('IS_NODE')) return 'tfjs-wasm has no threaded build for Node';
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return 'not cross-origin isolated (no SharedArrayBuffer)';
  }
  if (!simd) return 'no WebAssembly SIMD (the threaded build needs it)';
  if (!threaded) return 'no WebAssembly threads in this environment';
  if (wanted !== undefined && wanted <= 1) return 'one thread requested';
  return 'tfjs-wasm started a single-thread pool';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
