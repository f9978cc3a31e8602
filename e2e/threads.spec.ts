// WASM threads in the browser. On the preview (which sends COOP/COEP) the engine worker runs tfjs-wasm's
// threaded SIMD build with min(cores, 8) threads. On a plain static host without those headers (a tiny
// server over dist/ started here), public/coi-sw.js adds them: the page loads unisolated once, reloads
// under the service worker and ends up isolated with threads, without a reload loop. With service workers
// blocked the engine runs on one thread and says why. A short training run gives the same losses with
// threads as without.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { MetricsEvent } from '../src/contract/train';
import { engineInfo, runEvents, train } from './lab-handle';

const STATIC_PORT = 4174;
const staticOrigin = `http://127.0.0.1:${STATIC_PORT}`;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** A static file server over dist/ that sends no isolation headers (like GitHub Pages). */
function startStaticServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', staticOrigin).pathname);
    const file = normalize(join(dist, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(dist.endsWith(sep) ? dist : dist + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${pathname}`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(STATIC_PORT, '127.0.0.1', () => resolve(server));
  });
}

let staticServer: Server | null = null;
test.beforeAll(async () => {
  staticServer = await startStaticServer();
});
test.afterAll(async () => {
  await new Promise((resolve) => (staticServer ? staticServer.close(resolve) : resolve(undefined)));
});

async function ready(page: Page) {
  const bar = page.getByTestId('status-bar');
  await expect(bar).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(bar).toHaveAttribute('data-backend', 'wasm');
  await expect(bar).toHaveAttribute('data-selftest', 'passed');
  return bar;
}

async function expectedThreads(page: Page): Promise<number> {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.min(cores, 8);
  expect(threads, `this machine reports ${cores} logical core(s); threads need at least 2`).toBeGreaterThan(
    1,
  );
  return threads;
}

/** The threaded build is in use when the engine worker has spawned Emscripten's pthread (blob) workers. */
function countBlobWorkers(page: Page): () => number {
  let n = 0;
  page.on('worker', (worker) => {
    if (worker.url().startsWith('blob:')) n++;
  });
  return () => n;
}

test('on the preview (COOP/COEP headers) ?backend=wasm runs the threaded build with min(cores, 8) threads', async ({
  page,
}) => {
  const blobWorkers = countBlobWorkers(page);
  await page.goto('/?backend=wasm');
  const bar = await ready(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const threads = await expectedThreads(page);
  const info = await engineInfo(page);
  console.log('preview wasm:', JSON.stringify({ wasm: info.wasm, pthreadWorkers: blobWorkers() }));
  expect(info.wasm).toEqual({ simd: true, threads });
  expect(blobWorkers()).toBeGreaterThanOrEqual(threads - 1);
  await expect(bar).toHaveAttribute('data-threads', String(threads));
  await expect(page.getByTestId('wasm-threads')).toHaveText(`on (${threads})`);
  for (const check of info.selfTest.checks) expect(check.maxAbsDiff).toBeLessThanOrEqual(1e-4);
});

test('the static server sends no isolation headers (so the next tests mean something)', async ({
  request,
}) => {
  const response = await request.get(`${staticOrigin}/`);
  expect(response.status()).toBe(200);
  expect(response.headers()['cross-origin-opener-policy']).toBeUndefined();
  expect(response.headers()['cross-origin-embedder-policy']).toBeUndefined();
  expect((await request.get(`${staticOrigin}/coi-sw.js`)).status()).toBe(200);
});

test('on a static host without headers the service worker isolates the page after exactly one reload', async ({
  page,
}) => {
  // Every document records whether it was isolated, in sessionStorage (which survives the reload).
  await page.addInitScript(() => {
    const log = JSON.parse(sessionStorage.getItem('e2e-isolation-log') ?? '[]') as boolean[];
    sessionStorage.setItem('e2e-isolation-log', JSON.stringify([...log, crossOriginIsolated]));
  });
  const isolationLog = () =>
    page.evaluate(() => JSON.parse(sessionStorage.getItem('e2e-isolation-log') ?? '[]') as boolean[]);
  await page.goto(`${staticOrigin}/?backend=wasm`);
  const bar = await ready(page);
  const threads = await expectedThreads(page);
  const facts = await page.evaluate(() => ({
    isolated: crossOriginIsolated,
    controller: navigator.serviceWorker.controller?.scriptURL ?? null,
  }));
  const info = await engineInfo(page);
  console.log('static host + service worker:', JSON.stringify({ ...facts, wasm: info.wasm }));
  expect(facts.isolated).toBe(true);
  expect(facts.controller).toBe(`${staticOrigin}/coi-sw.js`);
  expect(info.wasm).toEqual({ simd: true, threads });
  await expect(page.getByTestId('wasm-threads')).toHaveText(`on (${threads})`);
  expect(await isolationLog()).toEqual([false, true]);
  // No further reload once isolated.
  await page.waitForTimeout(1500);
  expect(await isolationLog()).toEqual([false, true]);
  await expect(bar).toHaveAttribute('data-status', 'ready');
});

test.describe('with service workers blocked', () => {
  test.use({ serviceWorkers: 'block' });

  test('the static host runs WASM on one thread and the status bar says why', async ({ page }) => {
    await page.goto(`${staticOrigin}/?backend=wasm`);
    await ready(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const info = await engineInfo(page);
    console.log('static host, no service worker:', JSON.stringify(info.wasm));
    expect(info.wasm).toEqual({
      simd: true,
      threads: 1,
      threadsOffReason: 'not cross-origin isolated (no SharedArrayBuffer)',
    });
    await expect(page.getByTestId('wasm-threads')).toHaveText(
      'off (not cross-origin isolated (no SharedArrayBuffer))',
    );
  });
});

const recipe = {
  name: 'e2e-threads',
  seed: 11,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 40_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 4,
      batchSize: 4,
      lr: 0.01,
      warmupSteps: 1,
      sources: ['world', '30-seconds-of-code'],
      mix: { type: 'fixed', code: 0.3 },
      logEvery: 1,
      evalEvery: 100,
      evalBatches: 1,
      checkpointEvery: 100,
    },
  ],
};

/**
 * Losses of a short run that do not depend on how metrics were windowed (they are throttled in time):
 * the sum of the per-step training losses, then the final held-out and training losses per source.
 */
async function runLosses(page: Page): Promise<number[]> {
  const summary = await train(page, recipe);
  const metrics = (await runEvents(page)).filter((e): e is MetricsEvent => e.type === 'metrics');
  expect(metrics.reduce((n, m) => n + m.windowSteps, 0)).toBe(recipe.stages[0].steps);
  const stepSum = metrics.reduce((sum, m) => sum + m.loss * m.windowSteps, 0);
  const finals = Object.keys(summary.final.heldout)
    .sort()
    .flatMap((source) => [summary.final.heldout[source].loss, summary.final.train[source].loss]);
  return [stepSum, ...finals];
}

test('a short training run on threaded WASM gives the losses of the single-thread build', async ({
  page,
  browser,
}) => {
  await page.goto('/?backend=wasm');
  await ready(page);
  expect((await engineInfo(page)).wasm?.threads).toBeGreaterThan(1);
  const threaded = await runLosses(page);

  const unthreadedContext = await browser.newContext({ serviceWorkers: 'block' });
  const single = await unthreadedContext.newPage();
  await single.goto(`${staticOrigin}/?backend=wasm`);
  await ready(single);
  expect((await engineInfo(single)).wasm?.threads).toBe(1);
  const unthreaded = await runLosses(single);
  await unthreadedContext.close();

  console.log(
    `loss sum over steps, then final losses: threads ${threaded.join(', ')}; one ${unthreaded.join(', ')}`,
  );
  expect(threaded.length).toBeGreaterThan(2);
  expect(unthreaded).toHaveLength(threaded.length);
  for (const [i, loss] of threaded.entries()) {
    expect(Number.isFinite(loss)).toBe(true);
    expect(Math.abs(loss - unthreaded[i])).toBeLessThanOrEqual(1e-5);
  }
});
