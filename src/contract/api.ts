// The engine's contract: what the UI (through Comlink) and the CLI/tests (in-thread) may ask of it.
// Only plain data crosses this boundary; tensors stay inside the engine.
import type { BackendChoice, EngineInfo } from './backend';
import type { EngineEvent } from './events';

export type GpuFaultKind = 'device-loss' | 'validation-error';

export interface InitOptions {
  backend?: BackendChoice;
}

export interface EngineApi {
  /** Pick a backend, report the device and run the numerics self-test. Resolves when ready. */
  init(options: InitOptions, onEvent: (event: EngineEvent) => void): Promise<EngineInfo>;
  /** The info from the last successful init, or null before it. */
  info(): Promise<EngineInfo | null>;
  /**
   * Diagnostics: provoke a GPU fault so the device-lost and uncaptured-error paths can be shown
   * and tested end to end. Resolves false when the engine is not on WebGPU.
   */
  simulateGpuFault(kind: GpuFaultKind): Promise<boolean>;
}
