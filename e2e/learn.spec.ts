// The Learn page on wasm: the walk's steps by keyboard and clicks, the training pair (text only vs
// code + text, nano) run to completion in the worker with both loss curves falling, the scoring of
// the pair against chance, links to the lab's pages, no horizontal overflow at 800, 1280 and 1920
// pixels, and a refusal in plain words when the engine is already training. Screenshots:
// test-results/screenshots/learn.png (the experiment step), learn-score.png (the scoring step),
// learn-mix.png (the schedules) and learn-findings.png (the paper's numbers).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { runEvents, train } from './lab-handle';

const SHOTS = 'test-results/screenshots';

async function noHorizontalOverflow(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForTimeout(300); // charts follow their container's width
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, `page wider than the window at ${width}px`).toBeLessThanOrEqual(client);
}

async function number(locator: Locator, attribute: string): Promise<number> {
  const v = await locator.getAttribute(attribute);
  return v === null || v === '' ? Number.NaN : Number(v);
}

test('the Learn page walks the steps, trains and scores the pair, and links on', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/?backend=wasm#/learn');
  await expect(page.getByRole('heading', { name: 'Learn', level: 1 })).toBeVisible();
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const step = page.getByTestId('learn-step');
  await expect(step).toHaveAttribute('data-step', 'question');
  await expect(page.getByRole('heading', { name: 'The question', level: 2 })).toBeVisible();
  await expect(step.locator('blockquote')).toContainText('At which training stage');
  const nav = page.getByRole('navigation', { name: 'Steps of the walk' });
  await expect(nav.getByRole('button')).toHaveCount(6);
  await expect(nav.getByRole('button', { name: /The question/ })).toHaveAttribute('aria-current', 'step');

  // By keyboard: Next is a button; after it, focus moves to the new step's title.
  await page.getByTestId('learn-next').focus();
  await page.keyboard.press('Enter');
  await expect(step).toHaveAttribute('data-step', 'mix');
  await expect(
    page.getByRole('heading', { name: /What "code in pre-training" means/, level: 2 }),
  ).toBeFocused();
  expect(page.url()).toContain('#/learn?step=mix');
  await expect(
    page.getByTestId('learn-schedule-pair').locator('tr[data-series="Code + text"]'),
  ).toHaveAttribute('data-value', '0.33');
  await expect(
    page.getByTestId('learn-schedule-pair').locator('tr[data-series="Text only"]'),
  ).toHaveAttribute('data-value', '0');
  await expect(
    page.getByTestId('learn-schedule-paper').locator('tr[data-series="Stepwise decrease"]'),
  ).toHaveAttribute('data-value', '0.3');
  await page.screenshot({ path: `${SHOTS}/learn-mix.png`, fullPage: true });
  await page.getByTestId('learn-step-train').focus(); // a step chosen from the step list by keyboard
  await page.keyboard.press('Space');
  await expect(step).toHaveAttribute('data-step', 'train');
  const pair = page.getByTestId('learn-pair');
  await expect(pair).toHaveAttribute('data-state', 'idle');

  // While the engine trains something else, the experiment is refused in plain words.
  const other = train(page, {
    name: 'e2e-busy-engine',
    model: { preset: 'nano' },
    tokenizer: { vocabSize: 261, sampleBytes: 10_000 },
    stages: [{ kind: 'pretrain', steps: 400, batchSize: 2, sources: ['world'], logEvery: 2 }],
  });
  await expect.poll(() => runEvents(page).then((e) => e.length), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId('learn-run-pair').click();
  await expect(page.getByTestId('learn-pair-error')).toContainText('already training another run');
  await expect(pair).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('learn-loss-text')).toHaveAttribute('data-points', '0'); // not the other run's
  await page.evaluate(() =>
    (globalThis as unknown as { __lab: { engine: { stop(): Promise<void> } } }).__lab.engine.stop(),
  );
  expect((await other).stopped).toBe(true);

  // Stop works mid-run: the first arm ends early and the second never starts.
  await page.getByTestId('learn-run-pair').click();
  await expect(pair).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('learn-pair-status')).toContainText(/Training\s+“Text only” \(1 of 2\)/);
  await page.getByTestId('learn-stop-pair').click();
  await expect(pair).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
  await expect(page.getByTestId('learn-loss-code')).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('learn-pair-error')).toHaveCount(0);

  // The experiment: both arms train to the end in the worker.
  const started = Date.now();
  await page.getByTestId('learn-run-pair').click();
  await expect(pair).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const trainSeconds = (Date.now() - started) / 1000;
  await expect(page.getByTestId('learn-pair-error')).toHaveCount(0);
  for (const arm of ['text', 'code']) {
    const chart = page.getByTestId(`learn-loss-${arm}`);
    await expect(chart).toHaveAttribute('data-status', 'done');
    // 40 steps logged every 2, but the engine throttles metrics to ~10 a second: most, not all, arrive
    const points = await number(chart, 'data-points');
    expect(points).toBeGreaterThanOrEqual(10);
    expect(points).toBeLessThanOrEqual(20);
    const first = await number(chart, 'data-first');
    const last = await number(chart, 'data-last');
    expect(first).toBeGreaterThan(4.5); // near ln 300 ≈ 5.7 at the start
    expect(last).toBeLessThan(first - 0.5); // and really learning
    await expect(chart.locator('canvas').first()).toBeVisible();
    await expect(chart.locator('tr[data-series="loss (nats/token)"]')).toHaveAttribute('data-x', '40');
  }
  await expect(page.getByTestId('learn-pair-status')).toContainText(/learn-text-\d{8}-\d{6}-\d{3}/);
  await expect(page.getByTestId('learn-pair-status')).toContainText(/learn-code-\d{8}-\d{6}-\d{3}/);
  const heldout = page.getByTestId('learn-heldout');
  await expect(heldout).toHaveCount(2);
  for (const cell of await heldout.all()) expect(Number(await cell.textContent())).toBeGreaterThan(0);
  await noHorizontalOverflow(page, 1920);
  await noHorizontalOverflow(page, 800);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/learn.png`, fullPage: true });

  // Scoring: both models on the same items, against chance.
  await page.getByTestId('learn-next').click();
  await expect(step).toHaveAttribute('data-step', 'score');
  const score = page.getByTestId('learn-score');
  await page.getByTestId('learn-run-score').click();
  await expect(score).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('learn-score-error')).toHaveCount(0);
  const rows = page.getByTestId('learn-score-row');
  await expect(rows).toHaveCount(6); // five tasks and the pooled row
  const logic = page.locator('[data-testid="learn-score-row"][data-task="logic"]');
  expect(await number(logic, 'data-chance')).toBeGreaterThan(0.3);
  await expect(logic.getByTestId('learn-chance')).toHaveText(/^\d+\.\d%$/);
  const pooled = page.locator('[data-testid="learn-score-row"][data-task="all"]');
  const cells = pooled.getByTestId('learn-accuracy');
  await expect(cells).toHaveCount(2);
  for (const cell of await cells.all()) {
    expect(await number(cell, 'data-n')).toBe(40); // 5 tasks × 4 levels × 2 items
    const accuracy = await number(cell, 'data-accuracy');
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    await expect(cell).toContainText(/\d+\.\d%.*\d+\/40.*(above|below|within) chance/);
  }
  await noHorizontalOverflow(page, 800);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/learn-score.png`, fullPage: true });

  // The findings cite the paper's numbers; the last step links to the lab's pages.
  await page.getByTestId('learn-next').click();
  await expect(step).toHaveAttribute('data-step', 'findings');
  await expect(step.locator('table').first()).toContainText('40.90');
  await page.screenshot({ path: `${SHOTS}/learn-findings.png`, fullPage: true });
  await page.getByTestId('learn-next').click();
  await expect(step).toHaveAttribute('data-step', 'next');
  await expect(page.getByTestId('learn-next')).toHaveCount(0);
  for (const name of ['Data', 'Train', 'Evaluate', 'Compare', 'Playground'])
    await expect(step.getByRole('link', { name, exact: true })).toHaveAttribute(
      'href',
      `#/${name.toLowerCase()}`,
    );
  await step.getByRole('link', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Compare', level: 1 })).toBeVisible();
  console.log(`learn pair trained in ${trainSeconds.toFixed(1)} s`);
});
