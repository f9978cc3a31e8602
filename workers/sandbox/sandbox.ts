// The platform-neutral host side of the sandbox: a small pool of sandbox workers, a job queue, and a
// wall-clock deadline per program. A worker that misses its deadline (QuickJS's interrupt handler does
// not fire inside one long native call), crashes, or reports damaged WASM state is terminated and
// replaced. How a worker is started (node:worker_threads or a Web Worker) comes in as `spawn`; see
// node.ts and browser.ts. Each program gets a fresh QuickJS runtime inside a warm worker, so the
// ~0.5 s worker start-up is paid once per worker, not once per program.
import { DEFAULT_RUN_OPTIONS } from './types';
import type { RunOptions, RunRequest, RunResult, WorkerReply } from './types';

/** One started worker, however the platform starts it. */
export interface SandboxWorkerHandle {
  send(request: RunRequest): void;
  onReply(handler: (reply: WorkerReply) => void): void;
  onCrash(handler: (error: string) => void): void;
  terminate(): void;
}

export type SpawnSandboxWorker = () => SandboxWorkerHandle;

export interface SandboxOptions {
  /** How many programs may run at once (one worker each). */
  workers?: number;
  /** Extra wall-clock time on top of `timeoutMs` before the worker is killed (message latency). */
  graceMs?: number;
  /** A worker that fails to start this many times in a row fails all queued programs. */
  maxStartFailures?: number;
}

export interface Sandbox {
  /** Run one program; never rejects for anything the program does, only if workers cannot start. */
  runProgram(code: string, options?: RunOptions): Promise<RunResult>;
  /** Terminate all workers; queued programs are rejected. */
  close(): void;
  /** Workers started and killed so far (for tests and the report). */
  readonly stats: { spawned: number; killed: number };
}

interface Job {
  request: RunRequest;
  resolve: (result: RunResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  handle: SandboxWorkerHandle;
  ready: boolean;
  job?: Job;
  timer?: ReturnType<typeof setTimeout>;
  sentAt: number;
  dead: boolean;
}

export function createSandbox(spawn: SpawnSandboxWorker, options: SandboxOptions = {}): Sandbox {
  const size = Math.max(1, options.workers ?? 1);
  const graceMs = options.graceMs ?? 500;
  const maxStartFailures = options.maxStartFailures ?? 3;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  const stats = { spawned: 0, killed: 0 };
  let nextId = 1;
  let startFailures = 0;
  let closed = false;

  const failAll = (error: Error) => {
    for (const job of queue.splice(0)) job.reject(error);
  };

  const retire = (slot: Slot) => {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.handle.terminate();
    stats.killed++;
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    // Replace it at once, so the next program does not wait for a worker to start.
    if (!closed) startSlot();
  };

  const finishJob = (slot: Slot, result: RunResult) => {
    const job = slot.job;
    slot.job = undefined;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    job?.resolve(result);
  };

  const startSlot = () => {
    const slot: Slot = { handle: spawn(), ready: false, sentAt: 0, dead: false };
    stats.spawned++;
    slots.push(slot);
    slot.handle.onReply((reply) => {
      if (slot.dead) return;
      if (reply.type === 'ready') {
        slot.ready = true;
        startFailures = 0;
        dispatch();
      } else if (reply.type === 'result' && slot.job && reply.id === slot.job.request.id) {
        finishJob(slot, reply.result);
        if (reply.poisoned) retire(slot);
        dispatch();
      } else if (reply.type === 'fatal') {
        crashed(slot, reply.error);
      }
    });
    slot.handle.onCrash((error) => crashed(slot, error));
  };

  const crashed = (slot: Slot, error: string) => {
    if (slot.dead) return;
    if (slot.job) {
      const ms = performance.now() - slot.sentAt;
      finishJob(slot, {
        outcome: 'error',
        stdout: '',
        error: `sandbox worker crashed: ${error}`,
        asserts: { passed: 0, failed: 0 },
        ms,
      });
    }
    if (!slot.ready && ++startFailures >= maxStartFailures) {
      closed = true;
      retire(slot);
      failAll(new Error(`the sandbox worker failed to start ${startFailures} times: ${error}`));
      return;
    }
    retire(slot);
    dispatch();
  };

  const ensureWorkers = () => {
    while (slots.length < Math.min(size, queue.length + slots.filter((s) => s.job).length)) startSlot();
  };

  const dispatch = () => {
    if (closed) return;
    ensureWorkers();
    for (const slot of slots) {
      if (!slot.ready || slot.job || slot.dead) continue;
      const job = queue.shift();
      if (!job) return;
      slot.job = job;
      slot.sentAt = performance.now();
      slot.timer = setTimeout(() => {
        finishJob(slot, {
          outcome: 'timeout',
          stdout: '',
          error: 'killed at the wall-clock deadline',
          asserts: { passed: 0, failed: 0 },
          ms: performance.now() - slot.sentAt,
        });
        retire(slot);
        dispatch();
      }, job.request.options.timeoutMs + graceMs);
      slot.handle.send(job.request);
    }
  };

  return {
    stats,
    runProgram(code, runOptions = {}) {
      if (closed) return Promise.reject(new Error('the sandbox is closed'));
      const merged = { ...DEFAULT_RUN_OPTIONS, ...runOptions };
      return new Promise<RunResult>((resolve, reject) => {
        queue.push({ request: { type: 'run', id: nextId++, code, options: merged }, resolve, reject });
        dispatch();
      });
    },
    close() {
      closed = true;
      for (const slot of [...slots]) {
        slot.job?.reject(new Error('the sandbox was closed while a program ran'));
        slot.job = undefined;
        retire(slot);
      }
      failAll(new Error('the sandbox was closed'));
    },
  };
}
