// Starts the engine worker and wraps it with Comlink. The wrapped proxy is kept for the page's
// lifetime: a transient Comlink proxy can be garbage-collected mid-call and hang it (TECH.md §2.3).
import { wrap, proxy, type Remote } from 'comlink';
import type { EngineApi } from '../contract/api';
import type { EngineEvent } from '../contract/events';

export interface EngineClient {
  api: Remote<EngineApi>;
  /** Wraps an event handler so the worker can call it across the thread boundary. */
  listener<E = EngineEvent>(handler: (event: E) => void): (event: E) => void;
  terminate(): void;
}

export function startEngineWorker(): EngineClient {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'codemix-engine',
  });
  return {
    api: wrap<EngineApi>(worker),
    listener: <E>(handler: (event: E) => void) => proxy(handler),
    terminate: () => worker.terminate(),
  };
}
