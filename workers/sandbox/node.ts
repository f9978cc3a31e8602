// The sandbox in Node (CLI and tests): workers are node:worker_threads running node-worker.ts. When this
// file runs from TypeScript source (tsx, Vitest) the worker registers tsx first so it can load .ts.
// Workers are unref'd while idle, so an idle pool never keeps the process alive.
import { Worker } from 'node:worker_threads';
import { createSandbox } from './sandbox';
import type { Sandbox, SandboxOptions, SandboxWorkerHandle } from './sandbox';
import type { RunOptions, RunResult, WorkerReply } from './types';

export function spawnNodeSandboxWorker(): SandboxWorkerHandle {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './node-worker.ts' : './node-worker.js', import.meta.url);
  // A larger V8 stack lets QuickJS's own stack limit trip before the host's in deep native recursion.
  const resourceLimits = { stackSizeMb: 16 };
  let worker: Worker;
  if (fromSource) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
    worker = new Worker(boot, { eval: true, resourceLimits });
  } else {
    worker = new Worker(entry, { resourceLimits });
  }
  // The worker keeps the process alive only while a request is out: Node 20 also re-references a
  // worker when a listener is attached, so it is unref'd after every attach (an idle shared sandbox
  // once kept `cli eval` from exiting).
  let pending = 1; // its 'ready' message
  return {
    send: (request) => {
      if (pending++ === 0) worker.ref();
      worker.postMessage(request);
    },
    onReply: (handler) => {
      worker.on('message', (reply: WorkerReply) => {
        if (pending > 0 && --pending === 0) worker.unref();
        handler(reply);
      });
      if (pending === 0) worker.unref();
    },
    onCrash: (handler) => {
      worker.on('error', (e) => handler(String(e)));
      worker.on('exit', (code) => handler(`worker exited with code ${code}`));
      if (pending === 0) worker.unref();
    },
    terminate: () => void worker.terminate(),
  };
}

export function createNodeSandbox(options: SandboxOptions = {}): Sandbox {
  return createSandbox(spawnNodeSandboxWorker, options);
}

let shared: Sandbox | undefined;

/** Run one program in the process-wide Node sandbox (one worker, started on first use). */
export function runProgram(code: string, options?: RunOptions): Promise<RunResult> {
  shared ??= createNodeSandbox();
  return shared.runProgram(code, options);
}

/** Stop the process-wide Node sandbox (tests call this in afterAll). */
export function closeSharedSandbox(): void {
  shared?.close();
  shared = undefined;
}
