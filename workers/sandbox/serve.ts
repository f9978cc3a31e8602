// The body of a sandbox worker, shared by the Node (worker_threads) and browser (Web Worker) entries:
// load QuickJS once, say 'ready', then run each requested program in a fresh QuickJS runtime and reply.
// The host enforces the wall-clock deadline by terminating this worker; here we only run and report.
// The release-sync variant alone: importing it directly (instead of quickjs-emscripten's getQuickJS)
// keeps bundlers from shipping the three other WASM builds. Both packages come with quickjs-emscripten.
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { runInQuickJs } from './quickjs-runner';
import type { RunRequest, WorkerReply } from './types';

export interface WorkerSide {
  post(reply: WorkerReply): void;
  listen(handler: (request: RunRequest) => void): void;
}

export async function serveSandbox(side: WorkerSide): Promise<void> {
  let qjs;
  try {
    qjs = await newQuickJSWASMModuleFromVariant(releaseSync);
  } catch (e) {
    side.post({ type: 'fatal', error: `could not load QuickJS: ${String(e)}` });
    return;
  }
  const loaded = qjs;
  side.listen((request) => {
    if (request.type !== 'run') return;
    const { result, poisoned } = runInQuickJs(loaded, request.code, request.options);
    side.post({ type: 'result', id: request.id, result, poisoned });
  });
  side.post({ type: 'ready' });
}
