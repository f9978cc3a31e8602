// The whole journey of issue 13, once on webgpu (SwiftShader here: small steps) and once on wasm,
// driven only through the pages: on the Data page design the paper's stepwise-increase mix (a bad
// share and out-of-order points are refused with the validator's message, a point is dragged); on
// the Train page choose nano, add the code-arm instruction stage and start; move the live code/text
// slider to 100 % and see the realised mix (figure and chart data) follow, give it back to the
// schedule and see it fall; pause in the instruction stage (the step holds) and resume; stop; train
// a second, shorter run of the same recipe (it gets its own name and checkpoint); evaluate both on
// the Evaluate page (a cancelled evaluation first); compare them; generate text and colour a text by
// the two checkpoints' loss difference in the Playground; reload and find the runs; export a run,
// delete it, import the file and find it (and its checkpoint) back. A full-page screenshot of each
// page goes to test-results/screenshots/<backend>-<page>.png.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { engineInfo, runEvents } from './lab-handle';

test.use({ actionTimeout: 30_000 });

/**
 * Per backend. SwiftShader takes seconds per nano step and about a minute to compile a run's
 * pipelines, so on webgpu the run is steered, paused and stopped inside pre-training (no instruction
 * stage, no samples: 48 generated tokens each), checkpointed every few steps, and evaluated on one
 * task; wasm goes on into the instruction stage and pauses there, with samples, on two tasks.
 */
const SIZES = {
  webgpu: { pretrain: 400, batch: 4, instruct: 0, examples: 0, ckpt: 4, evalEvery: 8, second: 2 },
  wasm: { pretrain: 80, batch: 8, instruct: 2000, examples: 200, ckpt: 40, evalEvery: 50, second: 10 },
} as const;
type Backend = keyof typeof SIZES;

/** A value from a chart's hidden table of newest values. */
async function chartValue(page: Page, chart: string, series: string): Promise<number> {
  const v = await page.getByTestId(chart).locator(`tr[data-series="${series}"]`).getAttribute('data-value');
  return v ? Number(v) : Number.NaN;
}

async function figure(page: Page, id: string): Promise<number> {
  const v = await page.getByTestId(`fig-${id}`).getAttribute('data-value');
  return v ? Number(v) : Number.NaN;
}

const realised = async (page: Page) =>
  Number(await page.getByTestId('mix-realised').getAttribute('data-value'));

/** The step once it has stopped moving for `quietMs`. */
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

/** The page fits its width: no horizontal scrolling. */
async function fitsWidth(page: Page): Promise<void> {
  // polled: charts follow a viewport change through a ResizeObserver, a frame or more later
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
    .toBeLessThanOrEqual(0);
}

const shot = (page: Page, backend: Backend, name: string) =>
  page.screenshot({ path: `test-results/screenshots/${backend}-${name}.png`, fullPage: true });

const nav = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

async function checkpointNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { __lab: import('../src/state/lab.svelte').Lab }).__lab
      .engine!.listCheckpoints()
      .then((l) => l.map((c) => c.name)),
  );
}

/** Designs the schedule on the Data page: refused values first, a dragged point, then the paper's. */
async function designMix(page: Page, steps: number): Promise<void> {
  const mix = page.getByTestId('mix-section');
  await expect(mix.getByRole('heading', { name: 'Code/text mixing schedule' })).toBeVisible();
  await page.getByTestId('mix-steps').fill(String(steps));
  await page.getByTestId('data-mix-strategy').selectOption('fixed');
  await page.getByTestId('data-mix-code').fill('150');
  await expect(page.getByTestId('data-mix-problems')).toContainText(
    'stages.0.mix.code must be a share from 0 to 1 (got 1.5)',
  );
  await page.getByTestId('data-mix-code').fill('40');
  await expect(page.getByTestId('data-mix-problems')).toHaveCount(0);
  await page.getByTestId('data-mix-strategy').selectOption('piecewise');
  await page.getByTestId('data-mix-point-1-x').fill('120');
  await expect(page.getByTestId('data-mix-problems')).toContainText(
    'stages.0.mix.points[1][0] (progress) must be a share from 0 to 1',
  );
  await page.getByTestId('data-mix-point-1-x').fill('50');
  await expect(page.getByTestId('data-mix-problems')).toHaveCount(0);
  // Drag the middle point (50 % of the stage, 30 % code) up to about 80 % code with the mouse.
  const box = (await page.getByTestId('data-mix-chart').locator('.u-over').boundingBox())!;
  const at = (progress: number, share: number) => ({
    x: box.x + progress * box.width,
    y: box.y + (1 - share) * box.height,
  });
  await page.mouse.move(at(0.5, 0.3).x, at(0.5, 0.3).y);
  await page.mouse.down();
  await page.mouse.move(at(0.5, 0.55).x, at(0.5, 0.55).y, { steps: 4 });
  await page.mouse.move(at(0.5, 0.8).x, at(0.5, 0.8).y, { steps: 4 });
  await page.mouse.up();
  await expect
    .poll(async () => Number(await page.getByTestId('data-mix-point-1-y').inputValue()))
    .toBeGreaterThan(75);
  expect(Number(await page.getByTestId('data-mix-point-1-y').inputValue())).toBeLessThan(85);
  // The paper's stepwise increase: text:code 7:3, 7:3, 6:4, 5:5 (PAPER.md §2).
  await page.getByTestId('data-mix-strategy').selectOption('stepwise-increase');
  await expect(page.getByTestId('data-mix-summary')).toContainText('text:code 7:3, 7:3, 6:4, 5:5');
  await expect.poll(() => chartValue(page, 'data-mix-chart', 'code share %')).toBe(50);
  const schedule = JSON.parse((await page.getByTestId('data-mix-summary').getAttribute('data-schedule'))!);
  expect(schedule).toEqual({ type: 'paper', strategy: 'stepwise-increase' });
}

/** Evaluates a checkpoint on two tasks, one item per level, on the Evaluate page. */
async function evaluate(page: Page, checkpoint: string): Promise<void> {
  await page.getByTestId('eval-checkpoint').selectOption(checkpoint);
  await page.getByTestId('eval-limit').fill('1');
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-results').or(page.getByTestId('eval-error'))).toBeVisible({
    timeout: 300_000,
  });
  await expect(page.getByTestId('eval-error')).toHaveCount(0);
  await expect(page.getByTestId('eval-saved')).toContainText(`Saved with run “${checkpoint}”`);
}

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`the whole journey on ${backend}: design, train, steer, pause, stop, evaluate, compare, play, reload, export, import`, async ({
    page,
  }) => {
    test.setTimeout(900_000);
    const size = SIZES[backend];
    const instruct = size.instruct > 0;
    const started = Date.now();
    const lap = (what: string) =>
      console.log(`${backend} ${what}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.log(`[page ${m.type()}] ${m.text()}`);
    });
    await page.goto(`/?backend=${backend}#/data`);
    await ready(page);
    expect((await engineInfo(page)).backend).toBe(backend);

    // Data: the corpora and the schedule designer.
    await expect(page.locator('[data-testid=corpus][data-name=world]')).toBeVisible();
    await designMix(page, size.pretrain);
    await fitsWidth(page);
    await shot(page, backend, 'data');

    // Train: the plan carries the designed schedule; nano, small batches, the code arm after it.
    await nav(page, 'Train');
    await expect(page.getByRole('heading', { name: 'Train', level: 1 })).toBeVisible();
    await expect(page.getByTestId('plan-pretrain-mix-summary')).toContainText('stepwise increase');
    await expect(page.getByTestId('plan-pretrain-steps')).toHaveValue(String(size.pretrain));
    await expect(page.getByTestId('plan-sources').getByRole('checkbox', { checked: true })).toHaveCount(2);
    await page.getByTestId('plan-preset').selectOption('nano');
    await expect(page.getByTestId('plan-params')).toContainText('parameters');
    await page.getByTestId('plan-vocab').fill('100');
    await expect(page.getByTestId('plan-vocab-problems')).toContainText('tokenizer.vocabSize');
    await expect(page.getByTestId('plan-verdict')).toHaveAttribute('data-ok', 'false');
    await page.getByTestId('plan-vocab').fill('300');
    await page.getByTestId('plan-pretrain-batch').fill(String(size.batch));
    await page.getByTestId('plan-pretrain-sample').fill(String(instruct ? size.pretrain : 0));
    await page.getByTestId('plan-pretrain-ckpt').fill(String(size.ckpt));
    await page.getByTestId('plan-pretrain-eval').fill(String(size.evalEvery));
    if (instruct) {
      await page.getByTestId('plan-instruct-on').check();
      await page.getByTestId('plan-arm-code').check();
      await page.getByTestId('plan-instruct-steps').fill(String(size.instruct));
      await page.getByTestId('plan-instruct-batch').fill(String(size.batch));
      await page.getByTestId('plan-instruct-examples').fill(String(size.examples));
      await page.getByTestId('plan-instruct-eval').fill('100');
    } else await page.getByTestId('plan-instruct-on').uncheck();
    await expect(page.getByTestId('plan-verdict')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('plan-verdict')).toContainText(instruct ? '2 stages' : '1 stage,');
    await fitsWidth(page);

    await page.getByTestId('start').click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
    const recipeName = instruct ? 'nano-stepwise-increase-it-code' : 'nano-stepwise-increase';
    const first = `${recipeName}-1`;
    await expect(page.getByTestId('run-name')).toHaveAttribute('data-value', first);
    await expect.poll(() => figure(page, 'step'), { timeout: 180_000 }).toBeGreaterThan(0);
    lap('first step');

    // The slider, by keyboard: End → 100 % code from the next step; the realised share follows.
    await expect.poll(() => realised(page)).toBeLessThan(0.75); // the schedule's 30 %
    await expect(page.getByTestId('mix-in-force')).toHaveAttribute('data-override', '');
    const slider = page.getByTestId('mix-slider');
    await slider.focus();
    await slider.press('End');
    await expect(page.getByTestId('mix-slider-value')).toHaveText('100% code');
    await expect(page.getByTestId('mix-changes').locator('tbody tr')).toHaveCount(1, { timeout: 60_000 });
    await expect(page.getByTestId('mix-changes')).toContainText('fixed 100% code (slider)');
    await expect(page.getByTestId('mix-in-force')).toHaveAttribute('data-override', '1');
    await expect.poll(() => realised(page), { timeout: 120_000 }).toBe(1);
    await expect.poll(() => chartValue(page, 'chart-mix', 'realised')).toBe(100);
    // Back to the schedule (at most 50 % code): a second change, and the realised share comes down.
    await page.getByTestId('mix-back').click();
    await expect(page.getByTestId('mix-changes').locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
    await expect(page.getByTestId('mix-changes').locator('tbody tr').nth(1)).toContainText('schedule —');
    await expect.poll(async () => Number(await slider.inputValue())).toBeLessThanOrEqual(50);
    await expect.poll(() => realised(page), { timeout: 120_000 }).toBeLessThan(0.75);
    await expect.poll(() => chartValue(page, 'chart-mix', 'realised')).toBeLessThan(75);
    lap('slider');

    // Leaving the Train page mid-run (the Data page fits 1024 px too) and coming back finds the run.
    await nav(page, 'Data');
    await expect(page.getByTestId('data-mix-chart')).toBeVisible();
    await page.setViewportSize({ width: 1024, height: 768 });
    await fitsWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await nav(page, 'Train');
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
    await expect(page.getByTestId('run-name')).toHaveAttribute('data-value', first);
    await expect(page.getByTestId('mix-changes').locator('tbody tr')).toHaveCount(2);

    // (wasm) The instruction stage starts after the pre-training steps. Pause holds the step; resume
    // moves it on.
    if (instruct) {
      await expect(page.getByTestId('mix-in-force')).toContainText('instruct', { timeout: 300_000 });
      await expect.poll(() => figure(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(0);
    }
    await page.getByTestId('pause').click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
    // A step already under way when Pause is pressed still finishes, and the step shown moves only
    // every other step (logEvery 2): "held" means quiet for two logging intervals.
    const msPerStep = await figure(page, 'ms');
    const quietMs = Math.max(1500, 4 * (Number.isFinite(msPerStep) ? msPerStep : 5000));
    const held = await settledStep(page, quietMs);
    await page.waitForTimeout(quietMs);
    expect(await figure(page, 'step')).toBe(held);
    await page.getByTestId('resume').click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
    await expect.poll(() => figure(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(held);
    lap('pause/resume');

    // Charts, samples and checkpoints have data.
    expect(await chartValue(page, 'chart-loss', 'train (batch)')).toBeGreaterThan(0);
    expect(await chartValue(page, 'chart-loss', 'world held-out')).toBeGreaterThan(0);
    expect(await chartValue(page, 'chart-lr', 'learning rate')).toBeGreaterThan(0);
    expect(await chartValue(page, 'chart-speed', 'tokens/s')).toBeGreaterThan(0);
    if (instruct) await expect(page.getByTestId('samples').locator('li').first()).toBeVisible();
    await expect(page.getByTestId('checkpoints').locator(`tbody tr[data-step="${size.ckpt}"]`)).toHaveCount(
      1,
    );
    await fitsWidth(page);
    await shot(page, backend, 'train');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    await fitsWidth(page);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Stop: the run ends early, in the instruction stage; the engine's record agrees.
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped', {
      timeout: 120_000,
    });
    await expect(page.getByTestId('run-summary')).toContainText('Stopped after');
    const events = await runEvents(page);
    expect(events.filter((e) => e.type === 'mix-change').map((c) => c.after.codeShareOverride)).toEqual([
      1,
      null,
    ]);
    const stages = new Set(events.flatMap((e) => (e.type === 'metrics' ? [e.stageKind] : [])));
    expect([...stages]).toEqual(instruct ? ['pretrain', 'instruct'] : ['pretrain']);
    lap('stopped');

    // A second, shorter run of the same recipe: its own name, so its own checkpoint.
    await page.getByText('What to train').click();
    await page.getByTestId('plan-pretrain-steps').fill(String(size.second));
    await page.getByTestId('plan-pretrain-sample').fill('0');
    await page.getByTestId('plan-pretrain-ckpt').fill('0');
    if (instruct) await page.getByTestId('plan-instruct-steps').fill(String(size.second));
    await expect(page.getByTestId('plan-verdict')).toHaveAttribute('data-ok', 'true');
    await page.getByTestId('start').click();
    const second = `${recipeName}-2`;
    await expect(page.getByTestId('run-name')).toHaveAttribute('data-value', second);
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
    expect(await checkpointNames(page)).toEqual(expect.arrayContaining([first, second]));
    lap('second run');

    // Evaluate: a cancelled evaluation says how far it got and saves nothing; then both runs.
    await nav(page, 'Evaluate');
    await ready(page);
    await expect(page.getByTestId('eval-checkpoint').locator(`option[value="${second}"]`)).toHaveCount(1);
    await page.getByTestId('eval-checkpoint').selectOption(first);
    await page.getByTestId('eval-limit').fill('3');
    await page.getByTestId('eval-run').click();
    await expect(page.getByTestId('eval-progress')).toContainText(/Items: [1-9]/, { timeout: 120_000 });
    lap('eval progress');
    await page.getByTestId('eval-cancel').click();
    await expect(page.getByTestId('eval-cancelled')).toContainText(/Cancelled: after \d+ of 108 items/, {
      timeout: 120_000,
    });
    await expect(page.getByTestId('eval-results')).toHaveCount(0);
    lap('cancelled');
    for (const task of ['law', 'science', 'analogy', 'codegen', 'reading', 'nli', 'extractive'])
      await page.getByTestId(`eval-task-${task}`).uncheck();
    if (!instruct) await page.getByTestId('eval-task-codeqa').uncheck();
    const tasks = instruct ? 2 : 1;
    await page.getByTestId('eval-heldout').uncheck();
    await evaluate(page, second);
    lap('eval second');
    await evaluate(page, first);
    await expect(page.getByTestId('eval-row')).toHaveCount(tasks * 5);
    await expect(
      page.locator('[data-testid="eval-row"][data-task="logic"][data-level="all"]').getByTestId('eval-ci'),
    ).toHaveText(/^\[\d+\.\d%, \d+\.\d%\]$/);
    await page.getByTestId('item-button').nth(1).click();
    await expect(page.getByTestId('item-options').locator('tr.chosen')).toHaveCount(1);
    await fitsWidth(page);
    await shot(page, backend, 'evaluate');
    lap('evaluate');

    // Compare: the two runs, tasks × runs against the first as baseline, losses, the recipe diff.
    await nav(page, 'Compare');
    const rows = page.getByTestId('run-row');
    await expect(rows).toHaveCount(2);
    await page.getByTestId('baseline').selectOption({ label: first });
    const table = page.getByTestId('compare-table');
    await expect(table.locator('thead')).toContainText(`${first} (baseline)`);
    await expect(table.locator('[data-testid="compare-row"][data-task="average"]')).toContainText(
      instruct ? 'over 2 tasks' : 'over 1 task',
    );
    await expect(table.getByTestId('compare-delta').first()).toContainText(
      /points vs the baseline|same as the baseline/,
    );
    await expect(page.getByTestId('compare-loss-chart')).toBeVisible();
    const diff = page.getByTestId('recipe-diff');
    await expect(diff.locator('[data-path="stages.0.steps"]')).toContainText(String(size.pretrain));
    await expect(diff.locator('[data-path="stages.0.steps"]')).toContainText(String(size.second));
    await fitsWidth(page);
    await shot(page, backend, 'compare');

    // Playground: stream text from the second run, then colour a text by the two runs' loss difference.
    await nav(page, 'Playground');
    await page.getByTestId('gen-checkpoint').selectOption(second);
    await expect(page.getByTestId('gen-model')).toContainText(second);
    await page.getByTestId('gen-prompt').fill('The ');
    await expect(page.getByTestId('next-tokens')).toHaveAttribute('data-for', 'The ', { timeout: 60_000 });
    await page.getByLabel('Max tokens').fill('24');
    await page.getByTestId('generate').click();
    await expect(page.getByTestId('gen-state')).toHaveAttribute('data-state', 'idle', { timeout: 120_000 });
    const generated = (await page.getByTestId('gen-output').textContent()) ?? '';
    expect(generated.length).toBeGreaterThan('The '.length);
    await page.getByTestId('loss-a').selectOption(first);
    await page.getByTestId('loss-b').selectOption(second);
    await page.getByTestId('colour').click();
    await expect(page.getByTestId('loss-legend')).toHaveAttribute('data-kind', 'diff', { timeout: 120_000 });
    await expect(page.getByTestId('loss-summary')).toContainText(`${second} − ${first}`);
    await expect(page.getByTestId('playground-error')).toHaveCount(0);
    await fitsWidth(page);
    await shot(page, backend, 'playground');
    lap('playground');

    // A reload keeps the runs (with their evaluations).
    await nav(page, 'Compare');
    await page.reload();
    await ready(page);
    await expect(rows).toHaveCount(2);
    await expect(page.locator(`[data-run-name="${first}"]`)).toContainText('stopped');
    await expect(page.locator(`[data-run-name="${first}"] td`).nth(4)).toHaveText('1');

    // Export the first run, delete it (with its checkpoint), import the file: run and checkpoint are back.
    const rowA = page.locator(`[data-run-name="${first}"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rowA.getByTestId('export-run').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^${first}-\\d{4}-\\d\\d-\\d\\d\\.codemix-run\\.json$`),
    );
    const file = test.info().outputPath(`${backend}-run.json`);
    await download.saveAs(file);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).checkpoints)).toEqual([first]);
    page.once('dialog', (d) => void d.accept());
    await rowA.getByRole('button', { name: `Delete ${first}` }).click();
    await expect(rows).toHaveCount(1);
    // the row goes at once; its checkpoint is deleted after it (the store's list may catch it mid-delete)
    await expect.poll(() => checkpointNames(page)).not.toContain(first);
    await page.getByTestId('import-run-input').setInputFiles(file);
    await expect(page.getByTestId('runs-status')).toContainText(`Imported “${first}” with 1 checkpoint(s).`);
    await expect(rows).toHaveCount(2);
    await expect(page.locator(`[data-run-name="${first}"] td`).nth(4)).toHaveText('1');
    expect(await checkpointNames(page)).toContain(first);
    lap('done');
  });
}
