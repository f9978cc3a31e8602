// nextTask must let already-queued messages and timers run (what a worker's pause/stop/setMix
// requests are), where awaiting a resolved promise does not.
import { describe, expect, it } from 'vitest';
import { nextTask } from './next-task';

describe('nextTask', () => {
  it('lets a message queued before it be handled, unlike a microtask', async () => {
    const other = new MessageChannel();
    let handled = 0;
    other.port1.onmessage = () => (handled += 1);
    other.port2.postMessage('stop');
    await Promise.resolve();
    expect(handled).toBe(0); // a readback that resolves as a microtask would not let it in
    await nextTask();
    await nextTask();
    expect(handled).toBe(1);
    other.port1.close();
  });

  it('resolves every waiter once, in order', async () => {
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => nextTask().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
  });
});

describe('nextTask in Node', () => {
  it('keeps the process alive while awaited, and not after', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const mod = fileURLToPath(new URL('./next-task.ts', import.meta.url));
    const script = `import { nextTask } from ${JSON.stringify(mod)};\nfor (let i = 0; i < 3; i++) await nextTask();\nprocess.stdout.write('done');`;
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { timeout: 30_000 },
        (error, stdout) => resolve({ code: error ? (error.code as number) : 0, stdout }),
      );
    });
    expect(out).toEqual({ code: 0, stdout: 'done' }); // 13 = exited while awaiting; a kill = held open
  });
});
