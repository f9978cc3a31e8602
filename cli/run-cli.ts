// Test helper: runs the bundled command line as a user would. The bundle is built once per Vitest
// run by scripts/vitest-build-cli.ts (global set-up); a process started another way builds it here.
import { execFileSync, spawnSync } from 'node:child_process';

let built = process.env.CODEMIX_CLI_BUILT === '1';

function ensureBuilt(): void {
  if (built) return;
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts'], { stdio: 'ignore' });
  built = true;
}

/** Runs `cli <args>`; returns stdout, stderr and the exit code. */
export function runCli(args: string[]): { stdout: string; stderr: string; status: number } {
  ensureBuilt();
  const r = spawnSync('node', ['dist-cli/main.js', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** Runs `cli <args>` and returns stdout; throws with stderr when it exits non-zero. */
export function cli(args: string[]): string {
  const r = runCli(args);
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
