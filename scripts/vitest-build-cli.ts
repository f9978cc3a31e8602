// Vitest global set-up: bundles the command line once per test run (before any test file starts),
// so the CLI tests share one dist-cli/ instead of each test process rebuilding it — and two
// processes never write dist-cli/ at the same time. Skipped when the run's file filters name no
// CLI test (e.g. `vitest run src/core`), where nothing would use the bundle.
import { execFileSync } from 'node:child_process';

/** Positional arguments after `vitest run` are file filters; none means every test file. */
function filtersIncludeCli(argv: string[]): boolean {
  const runAt = argv.findIndex((a) => a === 'run');
  const filters = argv.slice(runAt + 1).filter((a) => !a.startsWith('-'));
  return filters.length === 0 || filters.some((f) => f.includes('cli'));
}

export default function setup(): void {
  if (!filtersIncludeCli(process.argv)) return;
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts'], { stdio: 'ignore' });
  process.env.CODEMIX_CLI_BUILT = '1';
}
