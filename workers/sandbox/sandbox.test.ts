// The worker pool: real node:worker_threads sandboxes (kill on a wall-clock deadline when a native call
// outlives the interrupt handler, recovery after a kill, parallel runs), and the pool's bookkeeping with
// fake workers (a worker that never answers, one that cannot start).
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedSandbox, createNodeSandbox, runProgram } from './node';
import { createSandbox } from './sandbox';
import type { SandboxWorkerHandle } from './sandbox';
import type { RunRequest, WorkerReply } from './types';

afterAll(() => closeSharedSandbox());

describe('node worker sandbox', () => {
  it('runs a program in a worker', async () => {
    const r = await runProgram('console.log([1, 2, 3].map((x) => x * x).join(" "))', { timeoutMs: 1000 });
    expect(r).toMatchObject({ outcome: 'passed', stdout: '1 4 9\n' });
  });

  it('kills a worker stuck in a long native call at the wall-clock deadline, then recovers', async () => {
    const sandbox = createNodeSandbox({ graceMs: 300 });
    try {
      await sandbox.runProgram('0'); // start the worker first, so only the run itself is timed
      const t0 = performance.now();
      // One native fill of 2e7 elements takes seconds in QuickJS-WASM and never checks for interrupts.
      const r = await sandbox.runProgram('new Array(2e7).fill(1); 0', {
        timeoutMs: 200,
        memoryBytes: 512 * 1024 * 1024,
      });
      const elapsed = performance.now() - t0;
      expect(r.outcome).toBe('timeout');
      expect(r.error).toBe('killed at the wall-clock deadline');
      // killed at 200 + 300 ms; the fill alone would run for seconds
      expect(elapsed).toBeGreaterThanOrEqual(500);
      expect(elapsed).toBeLessThan(1500);
      expect(sandbox.stats.killed).toBe(1);
      const after = await sandbox.runProgram('console.log("alive")');
      expect(after).toMatchObject({ outcome: 'passed', stdout: 'alive\n' });
      expect(sandbox.stats.spawned).toBe(2);
    } finally {
      sandbox.close();
    }
  });

  it('runs programs in parallel on two workers and keeps results in order', async () => {
    const sandbox = createNodeSandbox({ workers: 2 });
    try {
      const programs = ['console.log(1)', 'while (true) {}', 'throw null', 'console.log(4)'];
      const results = await Promise.all(
        programs.map((p) => sandbox.runProgram(p, { timeoutMs: p.includes('while') ? 300 : 1000 })),
      );
      expect(results.map((r) => r.outcome)).toEqual(['passed', 'timeout', 'failed', 'passed']);
      expect(results[3].stdout).toBe('4\n');
      expect(sandbox.stats.spawned).toBe(2);
    } finally {
      sandbox.close();
    }
  });
});

/** A fake worker driven by `behaviour` (for the pool's bookkeeping only). */
function fakeSpawn(behaviour: 'silent' | 'broken' | 'echo') {
  return (): SandboxWorkerHandle => {
    let reply: (r: WorkerReply) => void = () => {};
    let crash: (e: string) => void = () => {};
    queueMicrotask(() => (behaviour === 'broken' ? crash('boom') : reply({ type: 'ready' })));
    return {
      send: (request: RunRequest) => {
        if (behaviour !== 'echo') return;
        const result = {
          outcome: 'passed' as const,
          stdout: request.code,
          asserts: { passed: 0, failed: 0 },
          ms: 0,
        };
        queueMicrotask(() => reply({ type: 'result', id: request.id, result, poisoned: false }));
      },
      onReply: (h) => (reply = h),
      onCrash: (h) => (crash = h),
      terminate: () => {},
    };
  };
}

describe('sandbox pool bookkeeping', () => {
  it('times out a worker that never answers and replaces it', async () => {
    const sandbox = createSandbox(fakeSpawn('silent'), { graceMs: 10 });
    const r = await sandbox.runProgram('x', { timeoutMs: 20 });
    expect(r.outcome).toBe('timeout');
    expect(sandbox.stats).toEqual({ spawned: 2, killed: 1 }); // the replacement starts at once
    sandbox.close();
  });

  it('rejects queued programs when workers cannot start', async () => {
    const sandbox = createSandbox(fakeSpawn('broken'), { maxStartFailures: 2 });
    await expect(sandbox.runProgram('x')).rejects.toThrow(/failed to start 2 times/);
  });

  it('reuses one warm worker for sequential programs', async () => {
    const sandbox = createSandbox(fakeSpawn('echo'));
    for (const code of ['a', 'b', 'c']) expect((await sandbox.runProgram(code)).stdout).toBe(code);
    expect(sandbox.stats.spawned).toBe(1);
    sandbox.close();
  });
});
