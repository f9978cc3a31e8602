// The Study page on wasm with the smoke preset (36 arms): start the study; just after an arm's
// mid-training checkpoint, hold its run and reload the page; the page finds the study interrupted and
// resumes it — that arm continues from its checkpoint (its first step after the reload is past the
// checkpoint's step), arms finished before the reload are not trained again — and runs to the end;
// the paper-style tables then hold every cell × task over the three seeds, and the Markdown export
// is the report. Screenshot: test-results/screenshots/study.png.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { STUDY_PRESETS, TABLES, expandStudy } from '../src/core/study';

const ARMS = expandStudy(STUDY_PRESETS.smoke);

interface Held {
  arm: string;
  stage: number;
  step: number;
}

/**
 * In the page: as soon as an arm in training reports a checkpoint that is not the end of its
 * training, hold the engine's run there (the worker waits before its next step), as a page being
 * closed would leave it. Resolves with the arm and the checkpoint.
 */
function holdAtCheckpoint(page: Page, skip: string[]): Promise<Held> {
  return page.evaluate(
    (skip) =>
      new Promise<Held>((resolve) => {
        const check = () => {
          for (const row of document.querySelectorAll<HTMLElement>(
            '[data-testid^="arm-"][data-status="running"]',
          )) {
            const step = row.dataset.checkpointStep;
            const stage = row.dataset.checkpointStage;
            const [endStage, endStep] = row.dataset.trainEnd!.split(':').map(Number);
            // at least two steps left in training, so that the hold lands before its end
            if (!step || !stage || skip.includes(row.dataset.testid!.slice(4))) continue;
            if (Number(stage) === endStage && endStep - Number(step) < 2) continue;
            observer.disconnect();
            const lab = (globalThis as unknown as { __lab: { engine: { pause(): Promise<void> } } }).__lab;
            void lab.engine.pause();
            resolve({ arm: row.dataset.testid!.slice(4), stage: Number(stage), step: Number(step) });
            return;
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
        check();
      }),
    skip,
  );
}

/** Holds an arm mid-training after a checkpoint; when the hold came too late, lets go and tries another. */
async function holdMidTraining(page: Page): Promise<Held> {
  const tried: string[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const held = await holdAtCheckpoint(page, tried);
    await page.waitForTimeout(500);
    const r = row(page, held.arm);
    const still =
      (await r.getAttribute('data-status')) === 'running' &&
      (await r.getAttribute('data-phase')) === 'train' &&
      (await r.getAttribute('data-checkpoint-step')) === String(held.step);
    if (still) return held;
    tried.push(held.arm);
    await page.evaluate(() =>
      (globalThis as unknown as { __lab: { engine: { resume(): Promise<void> } } }).__lab.engine.resume(),
    );
  }
  throw new Error('could not hold an arm between a checkpoint and the end of its training');
}

const row = (page: Page, arm: string) => page.getByTestId(`arm-${arm}`);

test.use({ viewport: { width: 1280, height: 900 } });

test('the smoke study runs in the browser, survives a reload mid-arm, and reports the paper tables', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const t0 = Date.now();
  await page.goto('/?backend=wasm#/study');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Study', level: 1 })).toBeVisible();
  await expect(page.getByTestId('preset-smoke')).toBeChecked();
  await expect(page.getByTestId('preset-details')).toContainText(`${ARMS.length} arms`);
  await expect(page.getByTestId('estimate-wasm')).toBeVisible();

  await page.getByTestId('study-start').click();
  await expect(page.getByTestId('study-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('study-queue').locator('tbody tr')).toHaveCount(ARMS.length);

  // Keyboard-accessible reordering: the first arm (running) cannot move; a tuned arm cannot move above
  // its parent; a pending pre-training arm can move up, and does.
  await expect(page.getByRole('button', { name: 'Move NL.s1 down' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Move CN.s1 up' })).toBeDisabled(); // CODE.s1 is above it
  const moveUp = page.getByRole('button', { name: 'Move NL-tok.s3 up' });
  await moveUp.focus();
  await page.keyboard.press('Enter');
  const order = () => page.getByTestId('study-queue').locator('tbody tr th').allInnerTexts();
  await expect
    .poll(async () => (await order()).indexOf('NL-tok.s3'))
    .toBe(ARMS.findIndex((a) => a.id === 'NL-tok.s3') - 1);

  // Hold an arm just after a mid-training checkpoint, then reload the page.
  const held = await holdMidTraining(page);
  const doneBefore = await page
    .locator('[data-testid^="arm-"][data-status="done"]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.testid!.slice(4)));
  const tReload = Date.now();
  await page.reload();

  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('study-resumed')).toBeVisible();
  await expect(page.getByTestId('study-status')).toHaveAttribute('data-live', 'yes');
  // The interrupted arm continues from its checkpoint: a second training attempt, first step past it.
  const resumed = page.getByTestId(`resumed-${held.arm}`);
  await expect(resumed).toContainText(`resumed from stage ${held.stage} step ${held.step}`);
  await expect(resumed).toContainText('first step run');
  const firstStep = Number((await resumed.innerText()).match(/first step run (\d+)/)![1]);
  expect(firstStep).toBeGreaterThan(held.step);
  await expect(row(page, held.arm)).toHaveAttribute('data-attempts', '2');
  // The reordering survived the reload too.
  expect((await order()).indexOf('NL-tok.s3')).toBe(ARMS.findIndex((a) => a.id === 'NL-tok.s3') - 1);

  await expect(page.getByTestId('study-status')).toHaveAttribute('data-status', 'finished', {
    timeout: 800_000,
  });
  const tDone = Date.now();
  for (const arm of ARMS) await expect(row(page, arm.id)).toHaveAttribute('data-status', 'done');
  for (const arm of doneBefore) await expect(row(page, arm)).toHaveAttribute('data-attempts', '1');

  // Every table: every cell (column) × task (row) over the three seeds.
  const report = page.getByTestId('study-report');
  await expect(report).toBeVisible();
  await expect(page.getByTestId('report-missing')).toHaveCount(0);
  for (const spec of TABLES) {
    await expect(page.getByTestId(`table-${spec.id}`)).toBeVisible();
    for (const metric of spec.metrics)
      for (const col of spec.columns)
        await expect(page.getByTestId(`cell-${spec.id}-${metric}-${col.id}`)).toHaveAttribute('data-n', '3');
    await expect(page.getByTestId(`bars-${spec.id}`)).toBeVisible();
  }
  await expect(page.getByTestId('figure-transfer-pretrain-figure')).toBeVisible();
  await expect(page.getByTestId('figure-transfer-instruct-figure')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-markdown').click(),
  ]);
  expect(download.suggestedFilename()).toBe('study-smoke.md');
  const markdown = await readFile((await download.path())!, 'utf8');
  expect(markdown).toContain('# Study report: Smoke (tests)');
  expect(markdown).toContain(`${ARMS.length} of ${ARMS.length} arms trained`);
  for (const spec of TABLES) expect(markdown).toContain(spec.title);
  for (const arm of ARMS) expect(markdown).toContain(`| ${arm.id} |`);
  expect(markdown).not.toContain('Not evaluated yet');

  await page.screenshot({ path: 'test-results/screenshots/study.png', fullPage: true });
  console.log(
    `study timings: before reload ${((tReload - t0) / 1000).toFixed(0)} s, after reload to finished ${((tDone - tReload) / 1000).toFixed(0)} s, held ${held.arm} at stage ${held.stage} step ${held.step}, first step after reload ${firstStep}`,
  );
});
