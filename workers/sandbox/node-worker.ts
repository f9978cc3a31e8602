// Node entry of a sandbox worker (node:worker_threads). Started by node.ts; see serve.ts.
import { parentPort } from 'node:worker_threads';
import { serveSandbox } from './serve';
import type { RunRequest } from './types';

const port = parentPort;
if (!port) throw new Error('node-worker.ts must run inside a worker thread');
void serveSandbox({
  post: (reply) => port.postMessage(reply),
  listen: (handler) => port.on('message', (m: RunRequest) => handler(m)),
});
