// Browser entry of a sandbox worker (a module Web Worker). Started by browser.ts; see serve.ts.
import { serveSandbox } from './serve';
import type { RunRequest } from './types';

const scope = self as unknown as DedicatedWorkerGlobalScope;
void serveSandbox({
  post: (reply) => scope.postMessage(reply),
  listen: (handler) => scope.addEventListener('message', (e: MessageEvent<RunRequest>) => handler(e.data)),
});
