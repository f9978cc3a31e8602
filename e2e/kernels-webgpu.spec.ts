// The engine's WGSL kernels in headless Chromium's real WebGPU (SwiftShader where there is no GPU):
// every kernel, value and gradient, runs in a module worker against the cpu backend's reference
// (workers/model/kernels/webgpu/checks.ts). The worker is bundled here with Vite and served on the
// preview server's origin through a route, so the lab's build and contract stay untouched.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import type { HarnessReport } from './kernels-webgpu/worker';

const root = fileURLToPath(new URL('..', import.meta.url));
let workerJs = '';

const PAGE = `<!doctype html><meta charset="utf-8"><title>WGSL kernel checks</title>
<script type="module">
  const worker = new Worker('./worker.js', { type: 'module' });
  globalThis.__kernelReport = new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ checks: [], uncapturedErrors: [], error: 'worker failed: ' + e.message });
  });
</script>`;

test.beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'codemix-kernels-'));
  try {
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      build: {
        outDir: out,
        emptyOutDir: true,
        minify: false,
        target: 'es2022',
        lib: {
          entry: join(root, 'e2e/kernels-webgpu/worker.ts'),
          formats: ['es'],
          fileName: () => 'worker.js',
        },
      },
    });
    workerJs = readFileSync(join(out, 'worker.js'), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('every WGSL kernel matches the cpu backend in a browser worker', async ({ page }) => {
  await page.route('**/__kernels/**', (route) =>
    new URL(route.request().url()).pathname.endsWith('/worker.js')
      ? route.fulfill({ contentType: 'text/javascript', body: workerJs })
      : route.fulfill({ contentType: 'text/html', body: PAGE }),
  );
  await page.goto('/__kernels/index.html');
  const report = (await page.evaluate(
    () => (globalThis as unknown as { __kernelReport: Promise<unknown> }).__kernelReport,
  )) as HarnessReport;
  console.log(JSON.stringify(report.checks.map((c) => [c.name, c.maxAbsDiff, c.tolerance, c.error ?? ''])));
  expect(report.error).toBeUndefined();
  expect(report.inWorker).toBe(true);
  expect(report.backend).toBe('webgpu');
  expect(report.uncapturedErrors).toEqual([]);
  expect(report.checks.length).toBeGreaterThanOrEqual(21);
  for (const c of report.checks) expect(c, c.name).toMatchObject({ passed: true });
});
