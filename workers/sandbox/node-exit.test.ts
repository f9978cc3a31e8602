// The Node sandbox must never keep the process alive when idle, and must keep it alive while a
// program runs: a child process runs one program through the shared sandbox and must exit on its own.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const nodeModule = fileURLToPath(new URL('./node.ts', import.meta.url));
const script = `
import { runProgram } from ${JSON.stringify(nodeModule)};
const r = await runProgram('console.log(6 * 7)');
process.stdout.write(JSON.stringify({ outcome: r.outcome, stdout: r.stdout }));
`;

describe('Node sandbox lifetime', () => {
  it('finishes a program and lets the process exit without an explicit close', async () => {
    const started = Date.now();
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ outcome: 'passed', stdout: '42\n' });
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
