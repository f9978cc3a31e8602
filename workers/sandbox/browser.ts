// The sandbox in the browser: workers are module Web Workers running sandbox.worker.ts (Vite bundles it
// from the `new URL(..., import.meta.url)` form below). Same pool and deadlines as in Node (sandbox.ts).
import { createSandbox } from './sandbox';
import type { Sandbox, SandboxOptions, SandboxWorkerHandle } from './sandbox';
import type { WorkerReply } from './types';

export function spawnBrowserSandboxWorker(): SandboxWorkerHandle {
  const worker = new Worker(new URL('./sandbox.worker.ts', import.meta.url), { type: 'module' });
  return {
    send: (request) => worker.postMessage(request),
    onReply: (handler) =>
      worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => handler(e.data)),
    onCrash: (handler) => {
      worker.addEventListener('error', (e) => handler(e.message || 'worker error'));
      worker.addEventListener('messageerror', () => handler('message could not be decoded'));
    },
    terminate: () => worker.terminate(),
  };
}

export function createBrowserSandbox(options: SandboxOptions = {}): Sandbox {
  return createSandbox(spawnBrowserSandboxWorker, options);
}
