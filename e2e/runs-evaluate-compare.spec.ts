// Run history, Evaluate and Compare in the browser (wasm): two nano runs trained through the lab
// handle are recorded; one is evaluated on the Evaluate page (progress, per-task rows with chance and
// intervals, the item browser), the other through the handle; the Compare page shows the tasks × runs
// table with deltas, the loss chart and the recipe diff; the runs survive a reload; a run exported as
// a file, deleted and imported again comes back with its checkpoint; an invalid share link says what
// is wrong. Screenshots: test-results/evaluate-page.png, test-results/compare-page.png.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { EvalReport, EvalRequest } from '../src/contract/eval';
import { train } from './lab-handle';

const recipe = (name: string, seed: number, mix?: { type: 'fixed'; code: number }) => ({
  name,
  seed,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 40_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 8,
      batchSize: 4,
      lr: 0.01,
      warmupSteps: 2,
      sources: ['world', '30-seconds-of-code'],
      logEvery: 2,
      evalEvery: 4,
      evalBatches: 1,
      ...(mix ? { mix } : {}),
    },
  ],
});

async function evaluateThroughHandle(
  page: Page,
  checkpoint: string,
  request: EvalRequest,
): Promise<EvalReport> {
  return page.evaluate(
    async ([name, r]) => {
      const lab = (globalThis as unknown as { __lab: import('../src/state/lab.svelte').Lab }).__lab;
      await lab.engine!.loadCheckpoint(name);
      lab.runs.loadedCheckpoint(name);
      return lab.evaluate(r);
    },
    [checkpoint, request] as const,
  );
}

test('runs are recorded, evaluated, compared, kept over a reload, exported and imported', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await train(page, recipe('e2e-run-a', 5));
  await train(page, recipe('e2e-run-b', 6, { type: 'fixed', code: 0.7 }));

  // Evaluate run a's checkpoint on the Evaluate page
  await page.goto('/?backend=wasm#/evaluate');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const checkpoint = page.getByTestId('eval-checkpoint');
  await expect(checkpoint.locator('option', { hasText: 'e2e-run-a' })).toHaveCount(1);
  await checkpoint.selectOption('e2e-run-a');
  await page.getByTestId('eval-limit').fill('1');
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-progress')).toBeVisible();
  const evalError = page.getByTestId('eval-error');
  await expect(page.getByTestId('eval-results').or(evalError)).toBeVisible({ timeout: 240_000 });
  await expect(evalError).toHaveCount(0);
  await expect(page.getByTestId('eval-saved')).toContainText('Saved with run “e2e-run-a”');

  // a row per task and level (4 levels + all) for all nine tasks, each with chance and an interval
  await expect(page.getByTestId('eval-row')).toHaveCount(9 * 5);
  const logicAll = page.locator('[data-testid="eval-row"][data-task="logic"][data-level="all"]');
  await expect(logicAll.getByTestId('eval-chance')).toHaveText(/^\d+\.\d%$/);
  await expect(logicAll.getByTestId('eval-ci')).toHaveText(/^\[\d+\.\d%, \d+\.\d%\]$/);
  const nliChance = page
    .locator('[data-testid="eval-row"][data-task="nli"][data-level="1"]')
    .getByTestId('eval-chance');
  await expect(nliChance).toHaveText('33.3%');
  await expect(page.getByTestId('eval-heldout').locator('tbody tr')).toHaveCount(2);

  // the item browser: a code-generation item shows the program and the sandbox's verdict
  await page.getByTestId('items-task').selectOption('codegen');
  await expect(page.getByTestId('item-button')).toHaveCount(4);
  await expect(page.getByTestId('item-prediction')).toBeVisible();
  await expect(page.getByTestId('item-outcome')).toContainText(/Outcome: (passed|failed|error|timeout|oom)/);
  // a multiple-choice item shows each option with its score and the prediction
  await page.getByTestId('items-task').selectOption('logic');
  await page.getByTestId('item-button').nth(1).click();
  await expect(page.getByTestId('item-prompt')).not.toBeEmpty();
  const options = page.getByTestId('item-options').locator('tbody tr');
  expect(await options.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('item-options').locator('tr.chosen')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/evaluate-page.png', fullPage: true });

  // run b evaluated through the handle on a few tasks (quicker); the report joins run b
  await evaluateThroughHandle(page, 'e2e-run-b', {
    tasks: ['logic', 'law', 'codeqa'],
    limit: 1,
    heldout: false,
  });

  // Compare: the two newest runs, tasks × runs with deltas against the baseline, the loss chart, the diff
  await page.goto('/?backend=wasm#/compare');
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible();
  await page.getByTestId('baseline').selectOption({ label: 'e2e-run-a' });
  await expect(table.locator('thead')).toContainText('e2e-run-a (baseline)');
  await expect(table.locator('[data-testid="compare-row"][data-task="average"]')).toContainText(
    'over 3 tasks',
  );
  await expect(table.getByTestId('compare-delta').first()).toContainText(
    /points vs the baseline|same as the baseline/,
  );
  await expect(page.getByTestId('compare-loss-chart')).toBeVisible();
  const diff = page.getByTestId('recipe-diff');
  await expect(diff.locator('[data-path="seed"]')).toContainText('5');
  await expect(diff.locator('[data-path="seed"]')).toContainText('6');
  await expect(diff.locator('[data-path="stages.0.mix.code"]')).toContainText('0.7');
  await expect(diff.locator('[data-path="name"]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/compare-page.png', fullPage: true });

  // a reload keeps the runs and their evaluations
  await page.reload();
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-run-name="e2e-run-a"] td').nth(4)).toHaveText('1');

  // export run a as a file, delete it (with its checkpoint), import the file: run and checkpoint return
  const rowA = page.locator('[data-run-name="e2e-run-a"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    rowA.getByTestId('export-run').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^e2e-run-a-\d{4}-\d\d-\d\d\.codemix-run\.json$/);
  const file = test.info().outputPath('run-a.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.format).toBe('codemix-run');
  expect(Object.keys(exported.checkpoints)).toEqual(['e2e-run-a']);
  page.once('dialog', (d) => void d.accept());
  await rowA.getByRole('button', { name: 'Delete e2e-run-a' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const namesNow = await page.evaluate(() =>
    (globalThis as unknown as { __lab: import('../src/state/lab.svelte').Lab }).__lab
      .engine!.listCheckpoints()
      .then((l) => l.map((c) => c.name)),
  );
  expect(namesNow).not.toContain('e2e-run-a');
  await page.getByTestId('import-run-input').setInputFiles(file);
  await expect(page.getByTestId('runs-status')).toContainText('Imported “e2e-run-a” with 1 checkpoint(s).');
  await expect(rows).toHaveCount(2);
  const namesAfter = await page.evaluate(() =>
    (globalThis as unknown as { __lab: import('../src/state/lab.svelte').Lab }).__lab
      .engine!.listCheckpoints()
      .then((l) => l.map((c) => c.name)),
  );
  expect(namesAfter).toContain('e2e-run-a');

  // a damaged run file is refused with the reason
  await page.getByTestId('import-run-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...exported, run: { ...exported.run, status: 'exploded' } })),
  });
  await expect(page.getByTestId('runs-error')).toContainText('run.status');
});

test('an invalid share link says which field is wrong; a valid one fills the stage plan on the Train page', async ({
  page,
}) => {
  const bad = recipe('shared', 1);
  bad.stages[0].steps = 0;
  const value = 'j1.' + Buffer.from(JSON.stringify(bad)).toString('base64url');
  await page.goto(`/?backend=wasm#/train?recipe=${value}`);
  const error = page.getByTestId('link-error');
  await expect(error).toContainText('This share link cannot be used.');
  await expect(error).toContainText('recipe stages.0.steps');
  await expect(page.locator('nav [aria-current="page"]')).toHaveText('Train');

  await page.goto('about:blank');
  await page.goto(`/?backend=wasm#/train?recipe=${value.slice(0, 40)}`);
  await expect(page.getByTestId('link-error')).toContainText(/damaged|not JSON/);

  const good = 'j1.' + Buffer.from(JSON.stringify(recipe('shared-ok', 2))).toString('base64url');
  await page.goto('about:blank');
  // (on the Compare page, so that the Train page does not take the recipe before we look)
  await page.goto(`/?backend=wasm#/compare?recipe=${good}`);
  await expect(page.getByTestId('link-recipe')).toContainText('“shared-ok”');

  // Opened on the Train page, the link fills the stage plan, says what the plan cannot express, and
  // leaves the address (a reload keeps the user's later edits).
  await page.goto('about:blank');
  await page.goto(`/?backend=wasm#/train?recipe=${good}`);
  await expect(page.getByTestId('shared-recipe')).toContainText('Loaded the shared recipe “shared-ok”');
  await expect(page.getByTestId('link-recipe')).toHaveCount(0);
  await expect(page.getByTestId('mode-plan')).toBeChecked();
  await expect(page.getByTestId('plan-pretrain-steps')).toHaveValue('8');
  await expect(page.getByTestId('plan-pretrain-batch')).toHaveValue('4');
  await expect(page.getByTestId('plan-seed')).toHaveValue('2');
  await expect(page.getByTestId('plan-pretrain-mix-on')).not.toBeChecked();
  await expect(page.getByTestId('plan-instruct-on')).not.toBeChecked();
  const notCarried = page.getByTestId('shared-not-carried');
  await expect(notCarried).toContainText('model.nLayer: 1 → (none)');
  await expect(notCarried).toContainText('model.blockSize: 32 → (none)');
  expect(JSON.parse((await page.getByTestId('plan-recipe-json').textContent())!)).toMatchObject({
    name: 'shared-ok',
    seed: 2,
    stages: [{ kind: 'pretrain', steps: 8, sources: ['world', '30-seconds-of-code'] }],
  });
  expect(await page.evaluate(() => location.hash)).toBe('#/train');
});
