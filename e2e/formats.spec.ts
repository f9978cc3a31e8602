// Standard formats in the browser (wasm): a real PyTorch cluster run (the train.py fixture folder,
// picked as a folder on the Compare page's "Import & export") joins the run history marked as a
// PyTorch cluster run with its loss curve on Compare, and its model is a checkpoint the Evaluate page
// scores (the report joins the run); that checkpoint exported as a Hugging Face .tar and imported back
// is a checkpoint again; the Train page's "Export for PyTorch" downloads a study .tar with train.py,
// tokenizer.json and the initial model.safetensors. Screenshot: test-results/formats.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readTar } from '../src/core/hf/tar';
import { recipeLink } from '../src/core/runs/link';

const FIXTURE = join(import.meta.dirname, '..', 'src', 'core', 'runs', '__fixtures__', 'cluster-run');
const RUN = 'cluster-run-nano (PyTorch)';
const CHECKPOINT = 'cluster-run-nano-pytorch';

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** Clicks `button` and returns the downloaded file's name and bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Uint8Array }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: new Uint8Array(readFileSync(await file.path())) };
}

test('a cluster run imports beside browser runs; HF export → import; Export for PyTorch', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto('/?backend=wasm#/compare');
  await ready(page);
  const panel = page.getByTestId('formats-panel');
  await expect(panel).toBeVisible();

  // the cluster run: its study folder (study.json, run/metrics.jsonl, run/summary.json, run/model/)
  await panel.getByTestId('cluster-import-folder').setInputFiles(FIXTURE);
  await expect(panel.getByTestId('cluster-import-found')).toContainText(
    `Found “${RUN}” (PyTorch cluster · cpu)`,
  );
  await panel.getByTestId('cluster-import-button').click();
  await expect(panel.getByTestId('cluster-import-status')).toContainText(`as checkpoint “${CHECKPOINT}”`);
  const row = page.locator(`[data-testid="run-row"][data-run-name="${RUN}"]`);
  await expect(row).toContainText('PyTorch cluster · cpu');
  await expect(row).toContainText('18'); // steps
  await expect(row.getByRole('checkbox')).toBeChecked();
  const chart = page.getByTestId('compare-loss-chart');
  await expect(chart).toContainText(`${RUN} · train`);
  await expect(chart).toContainText(`${RUN} · held-out`);

  // a malformed run is refused naming the file and line
  await panel
    .getByTestId('cluster-import-files')
    .setInputFiles([
      { name: 'metrics.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"kind": "train"\n') },
    ]);
  await expect(panel.getByTestId('cluster-import-problem')).toContainText('metrics.jsonl line 1: not JSON');

  // its checkpoint out as a Hugging Face .tar, and back in under a new name
  await panel.getByTestId('hf-export-checkpoint').selectOption(CHECKPOINT);
  const hf = await download(page, panel.getByRole('button', { name: 'Download for Hugging Face (.tar)' }));
  expect(hf.name).toBe(`${CHECKPOINT}-hf.tar`);
  expect([...readTar(hf.bytes).keys()]).toContain(`${CHECKPOINT}-hf/model.safetensors`);
  await panel
    .getByTestId('hf-import-files')
    .setInputFiles([{ name: hf.name, mimeType: 'application/x-tar', buffer: Buffer.from(hf.bytes) }]);
  await expect(panel.getByTestId('hf-import-found')).toContainText('model.safetensors');
  await panel.getByTestId('hf-import-name').fill('round-trip');
  await panel.getByTestId('hf-import-button').click();
  await expect(panel.getByTestId('hf-import-status')).toContainText('Imported as checkpoint “round-trip”');
  await expect(
    panel.getByTestId('hf-export-checkpoint').locator('option', { hasText: 'round-trip' }),
  ).toHaveCount(1);
  await page.screenshot({ path: 'test-results/formats.png', fullPage: true });

  // the Evaluate page lists both and scores the cluster run's model; the report joins the run
  await page.goto('/?backend=wasm#/evaluate');
  await ready(page);
  const checkpoint = page.getByTestId('eval-checkpoint');
  await expect(checkpoint.locator('option', { hasText: 'round-trip' })).toHaveCount(1);
  await checkpoint.selectOption(CHECKPOINT);
  for (const box of await page.locator('[data-testid^="eval-task-"]').all())
    if ((await box.getAttribute('data-testid')) !== 'eval-task-logic') await box.uncheck();
  await page.getByTestId('eval-task-logic').check();
  await page.getByTestId('eval-heldout').uncheck();
  await page.getByTestId('eval-limit').fill('1');
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-saved')).toContainText(`Saved with run “${RUN}”`, { timeout: 60_000 });

  // Export for PyTorch beside the Train page's plan (filled from a share link)
  const recipe = {
    name: 'formats-e2e',
    seed: 1,
    model: { preset: 'nano' },
    tokenizer: { vocabSize: 300, sampleBytes: 20_000 },
    stages: [{ kind: 'pretrain', steps: 40, batchSize: 4, sources: ['30-seconds-of-code', 'lodash'] }],
  };
  const link = recipeLink(new URL('/?backend=wasm', page.url()).href, recipe);
  await page.goto('about:blank'); // a new load, so the page reads the link
  await page.goto(link);
  await ready(page);
  await expect(page.getByTestId('shared-recipe')).toBeVisible();
  const study = await download(page, page.getByTestId('torch-export-button'));
  expect(study.name).toBe('formats-e2e-torch.tar');
  const files = readTar(study.bytes);
  for (const f of ['train.py', 'tokenizer.json', 'init/model.safetensors', 'study.json'])
    expect([...files.keys()]).toContain(`formats-e2e-torch/${f}`);
  await expect(page.getByTestId('torch-export-status')).toContainText('Saved formats-e2e-torch.tar');
});
