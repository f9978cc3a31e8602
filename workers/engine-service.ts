// The engine behind the contract: the worker exposes it over Comlink, the CLI and tests call it
// in-thread. It owns the tfjs backend and everything that runs on it.
import * as tf from '@tensorflow/tfjs-core';
import type { EngineApi, GpuFaultKind, InitOptions } from '../src/contract/api';
import type { EngineInfo } from '../src/contract/backend';
import type { EngineEvent } from '../src/contract/events';
import { startBackend, type BackendPlatform } from './backend';
import { runSelfTest } from './self-test';

export class EngineService implements EngineApi {
  private current: EngineInfo | null = null;
  private device: GPUDevice | null = null;
  private readonly platform: BackendPlatform;

  constructor(platform: BackendPlatform) {
    this.platform = platform;
  }

  async init(options: InitOptions, onEvent: (event: EngineEvent) => void): Promise<EngineInfo> {
    const requested = options.backend ?? 'auto';
    const started = await startBackend(requested, this.platform, onEvent);
    this.device = started.device;
    const selfTest = await runSelfTest();
    this.current = {
      backend: started.backend,
      requested,
      reason: started.reason,
      fallbacks: started.fallbacks,
      adapter: started.adapter,
      wasm: started.wasm,
      selfTest,
      tfjsVersion: tf.version_core,
    };
    return this.current;
  }

  async info(): Promise<EngineInfo | null> {
    return this.current;
  }

  async simulateGpuFault(kind: GpuFaultKind): Promise<boolean> {
    if (!this.device) return false;
    if (kind === 'device-loss') this.device.destroy();
    // A buffer with no usage flags is invalid: the device raises an uncaptured validation error.
    else this.device.createBuffer({ size: 4, usage: 0 });
    // Errors are reported when the device next processes its queue; make that happen now.
    await this.device.queue.onSubmittedWorkDone().catch(() => undefined);
    return true;
  }
}
