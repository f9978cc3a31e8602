// Shapes shared by the code sandbox: run options, verdicts, and the messages between the host and the
// worker that runs QuickJS. Plain data only, so the same types serve Node worker_threads and Web Workers.

/** How a program ended. Only 'passed' is a success; every other outcome counts as a failure. */
export type RunOutcome = 'passed' | 'failed' | 'timeout' | 'oom' | 'error';

export interface RunOptions {
  /** Budget for the program, enforced by QuickJS's interrupt handler and by a wall-clock kill. */
  timeoutMs?: number;
  /** QuickJS heap limit in bytes. */
  memoryBytes?: number;
  /** QuickJS stack limit in bytes (deep recursion throws a catchable "stack overflow"). */
  stackBytes?: number;
  /** Cap on the captured console output, in UTF-16 code units; more output fails the program. */
  outputChars?: number;
}

export interface RunResult {
  outcome: RunOutcome;
  /** Everything the program passed to console.log (and console.error/info/warn), one line per call. */
  stdout: string;
  /** Why the program did not pass: the uncaught exception, the limit hit, or a sandbox problem. */
  error?: string;
  /** Calls of the host-side `assert` module that passed and failed (see quickjs-runner.ts). */
  asserts: { passed: number; failed: number };
  /** Wall time of the run in milliseconds (inside the worker; wall-clock at the host when killed). */
  ms: number;
}

export const DEFAULT_RUN_OPTIONS: Required<RunOptions> = {
  timeoutMs: 1000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 256 * 1024,
  outputChars: 64 * 1024,
};

/** Host → worker: run one program. */
export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  options: Required<RunOptions>;
}

/** Worker → host. `poisoned` asks the host to retire the worker (its WASM state may be damaged). */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: RunResult; poisoned: boolean }
  | { type: 'fatal'; error: string };
