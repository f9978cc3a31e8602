// Events the engine pushes to its host outside any request: device trouble and errors.

/** The GPU device was lost (driver reset, tab backgrounded on some platforms, explicit destroy). */
export interface DeviceLostEvent {
  type: 'device-lost';
  reason: string;
  message: string;
}

/** An uncaptured WebGPU error (validation, out-of-memory, internal). */
export interface GpuErrorEvent {
  type: 'gpu-error';
  errorType: 'validation' | 'out-of-memory' | 'internal' | 'unknown';
  message: string;
}

export type EngineEvent = DeviceLostEvent | GpuErrorEvent;

/** A readable one-line description of an engine event, for the status bar and logs. */
export function describeEngineEvent(event: EngineEvent): string {
  switch (event.type) {
    case 'device-lost':
      return `GPU device lost (${event.reason}): ${event.message || 'no message'}`;
    case 'gpu-error':
      return `WebGPU ${event.errorType} error: ${event.message}`;
  }
}
