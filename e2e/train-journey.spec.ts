// The design → train → steer journey on wasm: on the Data page, design a paper stepwise-increase
// schedule (its chart and summary show 30 → 50 % code; a bad fixed share is refused with the
// validator's message); on the Train page the stage plan has it, with the code instruction arm
// after it; start the two-stage run; push the live slider to 100 % code and see the realised code
// share follow (and a mix-change row), give the mix back to the schedule, pause and resume in the
// instruction stage, stop; charts, samples and checkpoints are there. Screenshots of both pages
// (1280 and 1024 px wide) go to test-results/.
import { expect, test, type Page } from '@playwright/test';
import { engineInfo, runEvents } from './lab-handle';

const PRETRAIN_STEPS = 240;
const INSTRUCT_STEPS = 2000; // more than the test lets it reach: it is stopped

/** A value from a chart's hidden table of newest values. */
async function chartValue(page: Page, chart: string, series: string): Promise<number> {
  const v = await page.getByTestId(chart).locator(`tr[data-series="${series}"]`).getAttribute('data-value');
  return v ? Number(v) : Number.NaN;
}

async function figure(page: Page, id: string): Promise<number> {
  const v = await page.getByTestId(`fig-${id}`).getAttribute('data-value');
  return v ? Number(v) : Number.NaN;
}

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
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('design a stepwise-increase mix, train two stages, steer the mix live, pause, resume, stop', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/?backend=wasm#/data');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  expect((await engineInfo(page)).backend).toBe('wasm');

  // Data page: the schedule designer.
  const mix = page.getByTestId('mix-section');
  await expect(mix.getByRole('heading', { name: 'Code/text mixing schedule' })).toBeVisible();
  await page.getByTestId('mix-steps').fill(String(PRETRAIN_STEPS));
  // A bad fixed share is refused with the validator's message, naming the recipe field.
  await page.getByTestId('data-mix-strategy').selectOption('fixed');
  await page.getByTestId('data-mix-code').fill('150');
  await expect(page.getByTestId('data-mix-problems')).toContainText(
    'stages.0.mix.code must be a share from 0 to 1 (got 1.5)',
  );
  await page.getByTestId('data-mix-code').fill('40');
  await expect(page.getByTestId('data-mix-problems')).toHaveCount(0);
  // Custom points: typed with the keyboard, out of order → a message; back in order → none.
  await page.getByTestId('data-mix-strategy').selectOption('piecewise');
  await page.getByTestId('data-mix-point-1-x').fill('120');
  await expect(page.getByTestId('data-mix-problems')).toContainText(
    'stages.0.mix.points[1][0] (progress) must be a share from 0 to 1',
  );
  await page.getByTestId('data-mix-point-1-x').fill('50');
  await expect(page.getByTestId('data-mix-problems')).toHaveCount(0);
  // Drag the middle point (50 % of the stage, 30 % code) up to about 80 % code with the mouse.
  const over = page.getByTestId('data-mix-chart').locator('.u-over');
  const box = (await over.boundingBox())!;
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
  expect(Number(await page.getByTestId('data-mix-point-1-x').inputValue())).toBeCloseTo(50, 0);
  await page.screenshot({ path: 'test-results/train-journey-data-points.png', fullPage: true });
  // The paper's stepwise increase: text:code 7:3, 7:3, 6:4, 5:5 (PAPER.md §2).
  await page.getByTestId('data-mix-strategy').selectOption('stepwise-increase');
  await expect(page.getByTestId('data-mix-summary')).toContainText('text:code 7:3, 7:3, 6:4, 5:5');
  await expect.poll(() => chartValue(page, 'data-mix-chart', 'code share %')).toBe(50);
  const schedule = JSON.parse((await page.getByTestId('data-mix-summary').getAttribute('data-schedule'))!);
  expect(schedule).toEqual({ type: 'paper', strategy: 'stepwise-increase' });
  await fitsWidth(page);
  await page.screenshot({ path: 'test-results/train-journey-data-1280.png', fullPage: true });

  // Train page: the plan carries the designed schedule; add the code arm's instruction stage.
  await page.getByRole('navigation').getByRole('link', { name: 'Train' }).click();
  await expect(page.getByRole('heading', { name: 'Train', level: 1 })).toBeVisible();
  await expect(page.getByTestId('mode-plan')).toBeChecked();
  await expect(page.getByTestId('plan-pretrain-mix-summary')).toContainText('stepwise increase');
  await expect(page.getByTestId('plan-pretrain-steps')).toHaveValue(String(PRETRAIN_STEPS));
  await expect(page.getByTestId('plan-sources').getByRole('checkbox', { checked: true })).toHaveCount(2);
  await page.getByTestId('plan-preset').selectOption('nano');
  await expect(page.getByTestId('plan-params')).toContainText('parameters');
  // A field problem shows beside its input and blocks nothing else.
  await page.getByTestId('plan-vocab').fill('100');
  await expect(page.getByTestId('plan-vocab-problems')).toContainText('tokenizer.vocabSize');
  await expect(page.getByTestId('plan-verdict')).toHaveAttribute('data-ok', 'false');
  await page.getByTestId('plan-vocab').fill('300');
  await page.getByTestId('plan-pretrain-sample').fill('60');
  await page.getByTestId('plan-pretrain-ckpt').fill('120');
  await page.getByTestId('plan-instruct-on').check();
  await page.getByTestId('plan-arm-code').check();
  await page.getByTestId('plan-instruct-steps').fill(String(INSTRUCT_STEPS));
  await page.getByTestId('plan-instruct-examples').fill('200');
  await page.getByTestId('plan-instruct-eval').fill('100');
  await expect(page.getByTestId('plan-verdict')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('plan-verdict')).toContainText('2 stages');
  await fitsWidth(page);
  await page.screenshot({ path: 'test-results/train-journey-plan-1280.png', fullPage: true });

  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => figure(page, 'step'), { timeout: 180_000 }).toBeGreaterThan(0);

  // The slider, by keyboard: End → 100 % code from the next step; the realised share follows.
  await expect(page.getByTestId('mix-in-force')).toHaveAttribute('data-override', '');
  const slider = page.getByTestId('mix-slider');
  await slider.focus();
  await slider.press('End');
  await expect(page.getByTestId('mix-slider-value')).toHaveText('100% code');
  await expect(page.getByTestId('mix-changes').locator('tbody tr')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('mix-changes')).toContainText('fixed 100% code (slider)');
  await expect(page.getByTestId('mix-in-force')).toHaveAttribute('data-override', '1');
  await expect
    .poll(async () => Number(await page.getByTestId('mix-realised').getAttribute('data-value')), {
      timeout: 60_000,
    })
    .toBe(1);
  await expect.poll(() => chartValue(page, 'chart-mix', 'realised')).toBe(100);
  // Back to the schedule (at most 50 % code): a second change, and the realised share comes down.
  await page.getByTestId('mix-back').click();
  await expect(page.getByTestId('mix-changes').locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('mix-changes').locator('tbody tr').nth(1)).toContainText('schedule —');
  // The slider shows the schedule's share again (30–50 % in stepwise increase).
  await expect.poll(async () => Number(await slider.inputValue())).toBeLessThanOrEqual(50);
  await expect
    .poll(async () => Number(await page.getByTestId('mix-realised').getAttribute('data-value')), {
      timeout: 60_000,
    })
    .toBeLessThan(0.75);

  // The instruction stage starts after the pre-training steps.
  await expect(page.getByTestId('mix-in-force')).toContainText('instruct', { timeout: 300_000 });
  await expect.poll(() => figure(page, 'step')).toBeGreaterThan(0);

  // Pause: the step holds; resume: it moves on.
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
  const held = await settledStep(page);
  await page.waitForTimeout(1500);
  expect(await figure(page, 'step')).toBe(held);
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => figure(page, 'step')).toBeGreaterThan(held);

  // Charts: loss with held-out per source, learning rate, speed and memory have data.
  expect(await chartValue(page, 'chart-loss', 'train (batch)')).toBeGreaterThan(0);
  expect(await chartValue(page, 'chart-loss', 'world held-out')).toBeGreaterThan(0);
  expect(await chartValue(page, 'chart-lr', 'learning rate')).toBeGreaterThan(0);
  expect(await chartValue(page, 'chart-speed', 'tokens/s')).toBeGreaterThan(0);
  await expect(page.getByTestId('samples').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('checkpoints').locator('tbody tr[data-step="120"]')).toHaveCount(1);
  await fitsWidth(page);
  await page.screenshot({ path: 'test-results/train-journey-train-1280.png', fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(500);
  await fitsWidth(page);
  await page.screenshot({ path: 'test-results/train-journey-train-1024.png', fullPage: true });

  // Stop: the run ends early, in the instruction stage.
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped', { timeout: 120_000 });
  await expect(page.getByTestId('run-summary')).toContainText('Stopped after');

  // The engine's own record agrees: a mix-change to 100 % and back, and both stages ran.
  const events = await runEvents(page);
  const changes = events.filter((e) => e.type === 'mix-change');
  expect(changes.map((c) => c.after.codeShareOverride)).toEqual([1, null]);
  const stages = new Set(events.flatMap((e) => (e.type === 'metrics' ? [e.stageKind] : [])));
  expect([...stages]).toEqual(['pretrain', 'instruct']);

  await page.getByRole('navigation').getByRole('link', { name: 'Data' }).click();
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByTestId('data-mix-chart')).toBeVisible();
  await fitsWidth(page);
  await page.screenshot({ path: 'test-results/train-journey-data-1024.png', fullPage: true });
});
