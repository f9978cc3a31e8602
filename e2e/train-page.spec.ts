// The Train page on wasm: a quick nano run shows its live figures (step, loss, tokens/s, kernels per
// step, peak memory, backend, threads) and they keep updating; pause holds the step count, resume
// moves it on, stop ends the run early; "Run benchmark" shows a record from the same engine.
import { expect, test, type Page } from '@playwright/test';
import { engineInfo } from './lab-handle';

const STEPS = 3000; // more than the test lets it reach: it is stopped

/** A live figure's raw value (data-value), or NaN while it is unknown. */
async function figure(page: Page, id: string): Promise<number> {
  const v = await page.getByTestId(`fig-${id}`).getAttribute('data-value');
  return v ? Number(v) : Number.NaN;
}

/** The step count once it has stopped moving for `quietMs`. */
async function settledStep(page: Page, quietMs = 1500): Promise<number> {
  let last = await figure(page, 'step');
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(quietMs);
    const now = await figure(page, 'step');
    if (now === last) return now;
    last = now;
  }
  throw new Error(`the step count kept moving after pause (at ${last})`);
}

test('the Train page trains nano on wasm with live figures, pause, resume, stop and a bench', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto('/?backend=wasm#/train');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const info = await engineInfo(page);
  expect(info.backend).toBe('wasm');
  await expect(page.getByRole('heading', { name: 'Train', level: 1 })).toBeVisible();
  await page.getByTestId('mode-quick').check();

  // The default sources (one text, one code corpus) are ticked once the corpora are listed.
  await expect(page.getByTestId('run-setup').getByRole('checkbox', { checked: true })).toHaveCount(2);
  await page.getByTestId('preset').selectOption('nano');
  await page.getByTestId('steps').fill(String(STEPS));
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');

  // Speed figures arrive with the first perf event (about a second into training).
  await expect.poll(() => figure(page, 'kernels'), { timeout: 180_000 }).toBeGreaterThan(0);
  await expect.poll(() => figure(page, 'tokps')).toBeGreaterThan(0);
  await expect.poll(() => figure(page, 'ms')).toBeGreaterThan(0);
  await expect.poll(() => figure(page, 'memory')).toBeGreaterThan(0);
  await expect.poll(() => figure(page, 'mfu')).toBeGreaterThan(0);
  expect(await figure(page, 'loss')).toBeGreaterThan(0);
  expect(await page.getByTestId('fig-backend').getAttribute('data-value')).toBe('wasm');
  expect(await figure(page, 'threads')).toBe(info.wasm!.threads);
  await expect(page.getByTestId('fig-memory')).toContainText('WASM heap');

  // The figures keep updating: the step moves on and a later perf event replaces the first one.
  const step1 = await figure(page, 'step');
  const ms1 = await figure(page, 'ms');
  await expect.poll(() => figure(page, 'step')).toBeGreaterThan(step1);
  await expect.poll(() => figure(page, 'ms')).not.toBe(ms1);

  // Pause: the step count stops; resume: it moves on.
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
  const held = await settledStep(page);
  await page.waitForTimeout(2000);
  expect(await figure(page, 'step')).toBe(held);
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => figure(page, 'step')).toBeGreaterThan(held);

  // Stop: the run ends early and says so.
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped', { timeout: 120_000 });
  await expect(page.getByTestId('run-summary')).toContainText('Stopped after');
  expect(await figure(page, 'step')).toBeLessThan(STEPS);

  // The benchmark button: a record from the engine on this backend.
  await page.getByTestId('bench-preset').selectOption('nano');
  await page.getByTestId('bench-steps').fill('3');
  await page.getByTestId('run-bench').click();
  const record = page.getByTestId('bench-record');
  await expect(record).toBeVisible({ timeout: 180_000 });
  const r = JSON.parse((await record.getAttribute('data-json'))!) as {
    backend: string;
    tokPerSec: number;
    kernelsPerStep: number;
    threads: number | null;
    peakMemory: { wasmHeapBytes: number | null };
  };
  expect(r.backend).toBe('wasm');
  expect(r.tokPerSec).toBeGreaterThan(0);
  expect(r.kernelsPerStep).toBeGreaterThan(0);
  expect(r.threads).toBe(info.wasm!.threads);
  expect(r.peakMemory.wasmHeapBytes).toBeGreaterThan(0);
});
