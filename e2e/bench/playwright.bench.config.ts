// Playwright for `npm run bench:browser` only (scripts/bench-browser.sh): the lab built into its own
// directory, served by `vite preview` (cross-origin isolated, so the worker gets threaded WASM) on
// its own port, in the same Chromium with the same WebGPU flags as the end-to-end tests. Its spec,
// browser-bench.ts, does not match the normal run's *.spec.ts pattern, so `npm run test:e2e` skips it.
import { defineConfig } from '@playwright/test';
import e2e from '../playwright.config';

const port = Number(process.env.BENCH_PORT ?? 4183);
const dist = process.env.BENCH_DIST ?? 'node_modules/.cache/codemix-bench/dist';

export default defineConfig({
  testDir: '.',
  testMatch: 'browser-bench.ts',
  // WebGPU on a software adapter (SwiftShader) takes seconds to tens of seconds per step.
  timeout: 30 * 60_000,
  expect: { timeout: 120_000 },
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../../node_modules/.cache/codemix-bench/results',
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --outDir ${dist}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
  use: { ...e2e.use, baseURL: `http://127.0.0.1:${port}` },
});
