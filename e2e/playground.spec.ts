// The Playground on the wasm backend: two checkpoints of a nano run (after 4 and 12 steps) trained
// through the lab handle, then in the page: next-token probabilities that follow the prompt as it
// is typed, streaming generation stopped midway, a text coloured by one checkpoint's loss (with
// hover details and a table view), an evaluation item loaded as the text, and the difference of
// the two checkpoints on a diverging scale. Ends with a screenshot.
import { expect, test, type Page } from '@playwright/test';
import { engineInfo, train } from './lab-handle';

const recipe = (steps: number) => ({
  name: 'e2e-playground',
  seed: 7,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 40_000 },
  stages: [
    {
      kind: 'pretrain',
      steps,
      batchSize: 4,
      lr: 0.01,
      warmupSteps: 2,
      sources: ['world', '30-seconds-of-code'],
      mix: { type: 'fixed', code: 0.3 },
      logEvery: 1,
      evalEvery: 1000,
      evalBatches: 1,
      checkpointEvery: steps,
    },
  ],
});

async function ready(page: Page) {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  expect((await engineInfo(page)).backend).toBe('wasm');
}

const outputLength = async (page: Page) =>
  ((await page.getByTestId('gen-output').textContent()) ?? '').length;

test('the playground generates, peeks at the next token and colours text by loss and by difference', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await ready(page);
  await train(page, recipe(4), { checkpointName: 'pg-early' });
  await train(page, recipe(12), { checkpointName: 'pg-late' }); // the engine now holds this model

  await page.goto('/?backend=wasm#/playground');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  // A fresh page has a fresh engine: load a checkpoint to generate with.
  const genCheckpoint = page.getByTestId('gen-checkpoint');
  await expect(genCheckpoint.locator('option', { hasText: 'pg-early' })).toHaveCount(1, { timeout: 30_000 });
  await genCheckpoint.selectOption('pg-late');
  await expect(page.getByTestId('gen-model')).toContainText('pg-late · step 12');

  // Next-token probabilities follow the prompt.
  const prompt = page.getByTestId('gen-prompt');
  const next = page.getByTestId('next-tokens');
  await prompt.fill('The ');
  await expect(next).toHaveAttribute('data-for', 'The ', { timeout: 30_000 });
  await expect(page.getByTestId('next-token')).toHaveCount(10);
  const firstBars = await page.getByTestId('next-token').allTextContents();
  await prompt.pressSequentially('function add(a, b) {', { delay: 30 });
  await expect(next).toHaveAttribute('data-for', 'The function add(a, b) {', { timeout: 30_000 });
  const laterBars = await page.getByTestId('next-token').allTextContents();
  expect(laterBars).not.toEqual(firstBars);
  const shares = (await page
    .getByTestId('next-token')
    .evaluateAll((els) =>
      els.map((e) => Number(/([\d.]+)%$/.exec(e.textContent?.trim() ?? '')?.[1])),
    )) as number[];
  expect(shares.every((s, i) => s > 0 && (i === 0 || s <= shares[i - 1]))).toBe(true);
  expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.5);

  // Streaming generation, stopped midway.
  await page.getByLabel('Temperature').fill('1');
  await page.getByLabel('Max tokens').fill('2000');
  const promptLength = await outputLength(page);
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('gen-state')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => outputLength(page), { timeout: 60_000 }).toBeGreaterThan(promptLength + 5);
  const streamed = await outputLength(page);
  await expect.poll(() => outputLength(page), { timeout: 60_000 }).toBeGreaterThan(streamed);
  await page.getByTestId('stop-generating').click();
  await expect(page.getByTestId('gen-state')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
  const stoppedAt = await outputLength(page);
  await page.waitForTimeout(1000);
  expect(await outputLength(page)).toBe(stoppedAt);
  console.log(`generated ${stoppedAt - promptLength} characters before Stop`);

  // Loss colouring under one checkpoint.
  await page.getByTestId('loss-a').selectOption('pg-late');
  await page.getByTestId('colour').click();
  const tokens = page.getByTestId('loss-text').getByRole('option');
  await expect(tokens.first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('loss-legend')).toHaveAttribute('data-kind', 'loss');
  await expect(page.getByTestId('loss-summary')).toContainText('pg-late (step 12): mean loss');
  expect(await tokens.count()).toBeGreaterThan(10);
  await tokens.nth(3).focus();
  await expect(page.getByTestId('loss-detail')).toContainText('nats');
  await expect(tokens.nth(3)).toHaveAttribute('aria-label', /loss [\d.]+ nats/);
  await page.keyboard.press('ArrowRight');
  await expect(tokens.nth(4)).toBeFocused();
  await page.getByTestId('loss-text').screenshot({ path: 'test-results/playground-loss.png' });
  const tokenCount = await tokens.count();
  await page.getByTestId('loss-as-table').check();
  await expect(page.getByTestId('loss-table').locator('tbody tr')).toHaveCount(tokenCount);
  await page.getByTestId('loss-as-table').uncheck();

  // An evaluation item as the text, coloured by the difference of the two checkpoints.
  const sample = page.getByTestId('loss-sample');
  await expect(sample.locator('option')).not.toHaveCount(1, { timeout: 30_000 });
  await sample.selectOption({ index: 1 });
  await expect(page.getByTestId('loss-input')).not.toHaveValue(/The cat sat/);
  await page.getByTestId('loss-a').selectOption('pg-early');
  await page.getByTestId('loss-b').selectOption('pg-late');
  await page.getByTestId('colour').click();
  await expect(page.getByTestId('loss-legend')).toHaveAttribute('data-kind', 'diff', { timeout: 60_000 });
  await expect(page.getByTestId('loss-summary')).toContainText('pg-late − pg-early');
  const diffs = await tokens.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(diffs.length).toBeGreaterThan(10);
  expect(diffs.some((d) => d !== 0)).toBe(true);
  await tokens.nth(2).hover();
  await expect(page.getByTestId('loss-detail')).toContainText('difference');
  console.log(`mean diff per stretch ${(diffs.reduce((a, b) => a + b, 0) / diffs.length).toFixed(3)} nats`);
  await expect(page.getByTestId('playground-error')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/playground.png', fullPage: true });
});
