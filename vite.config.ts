// Vite config for the lab (dev server, preview, static build) and for Vitest.
// Pages are cross-origin isolated so the engine worker may use SharedArrayBuffer (threaded WASM).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { datasetsPlugin } from './scripts/vite-datasets-plugin.ts';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), datasetsPlugin()],
  // 'es' because the worker bundle is code-split; unminified so tfjs-wasm's pthread worker code
  // (serialised with toString()) survives the build (TECH.md §2.6).
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  server: { host: '127.0.0.1', headers: isolation },
  preview: { host: '127.0.0.1', headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is cores − 1, i.e. one file at a time on a 2-core machine; many files wait on
    // subprocesses (the CLI, PyTorch, Dawn), so two at a time finish much sooner there.
    maxWorkers: 2,
    globalSetup: ['scripts/vitest-build-cli.ts'],
  },
});
