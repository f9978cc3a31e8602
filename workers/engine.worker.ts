// Browser entry of the engine: a module worker that builds the browser platform (WASM binary URLs,
// datasets over fetch, the code sandbox, OPFS/IndexedDB checkpoints and user files) and exposes the EngineService
// over Comlink. Everything else in workers/ is platform-neutral.
import { expose } from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { CheckpointStore } from '../src/core/checkpoint/store';
import { EngineService } from './engine-service';
import { generatedCorpora } from './data/generated-corpora';
import { combineCorpora, userCorpora } from './data/user-corpora';
import { openBrowserUserFileStore, UserFiles } from './storage/user-corpora';
import { createBrowserSandbox } from './sandbox/browser';
import { openBrowserCheckpointStore } from './storage';

const datasetsBase = new URL(`${import.meta.env.BASE_URL}datasets/`, self.location.origin);

async function readDataset(path: string): Promise<string> {
  const response = await fetch(new URL(path, datasetsBase));
  if (!response.ok) throw new Error(`cannot load datasets/${path} (HTTP ${response.status}): is it built?`);
  return response.text();
}

// Model-written code runs in sandbox workers of its own (QuickJS), killed on a wall-clock deadline.
const sandbox = createBrowserSandbox();

// Opened in the background: the worker must call expose() at once, or Comlink drops the first calls.
const storage = openBrowserCheckpointStore().then(
  (choice) => choice.store,
  (e: Error) => {
    throw new Error(`no checkpoint storage in this browser: ${e.message}`);
  },
);
const checkpoints: CheckpointStore = {
  kind: 'opfs',
  list: async () => (await storage).list(),
  save: async (name, files) => (await storage).save(name, files),
  load: async (name) => (await storage).load(name),
  remove: async (name) => (await storage).remove(name),
};

// The user's own files (OPFS, else IndexedDB), also opened in the background; other tabs' engines
// say on a BroadcastChannel when they change them.
const userFiles = new UserFiles(
  openBrowserUserFileStore().then((choice) => choice.store),
  'codemix-lab:user-files',
);

const service = new EngineService({
  gpu: self.navigator.gpu,
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  wasmThreads: self.crossOriginIsolated ? Math.min(self.navigator.hardwareConcurrency || 1, 8) : undefined,
  corpora: combineCorpora(
    generatedCorpora((path) => readDataset(`generated/${path}`)),
    userCorpora(userFiles),
  ),
  userFiles,
  readDataset,
  runCode: (code) => sandbox.runProgram(code, { timeoutMs: 1000 }),
  checkpoints,
});

expose(service);
