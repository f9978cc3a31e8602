// The Data page in headless Chromium: the shipped corpora are listed; a good .txt, a good .js, a
// real PNG and a Latin-1 (invalid UTF-8) file go in through the file picker — two are kept with
// the right kinds, two are rejected with their reasons; a kind can be switched and back; a folder
// upload keeps paths; a drop works; after a reload the kept files are still there (OPFS); and a
// tiny training run whose recipe names `user-text` and `user-code` succeeds.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { train } from './lab-handle';

const require = createRequire(import.meta.url);
const png = readFileSync(require.resolve('30-seconds-of-code/logo.png'));

const story = (i: number) =>
  `Day ${i}. The lighthouse keeper wrote in her log that the wind came from the west, ` +
  `that ${i} boats passed before noon, and that the lamp needed new oil by evening.`;
const notes = Array.from({ length: 30 }, (_, i) => story(i)).join('\n\n');
const util = Array.from(
  { length: 25 },
  (_, i) => `export function scale${i}(values) {\n  return values.map((v) => v * ${i + 2});\n}`,
).join('\n\n');
// "café au lait" in Latin-1: 0xE9 starts a 3-byte UTF-8 sequence that never completes.
const latin1 = Buffer.from([...Buffer.from('caf'), 0xe9, ...Buffer.from(' au lait\n')]);

const recipe = {
  name: 'e2e-user-data',
  seed: 5,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 10_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 8,
      batchSize: 4,
      lr: 0.01,
      warmupSteps: 1,
      sources: ['user-text', 'user-code'],
      mix: { type: 'fixed', code: 0.4 },
      logEvery: 1,
      evalEvery: 8,
      evalBatches: 1,
    },
  ],
};

const verdict = (page: Page, name: string) => page.locator(`[data-testid=verdict][data-name="${name}"]`);
const keptFile = (page: Page, name: string) => page.locator(`[data-testid=user-file][data-name="${name}"]`);

async function openDataPage(page: Page) {
  await page.goto('/?backend=wasm#/data');
  await expect(page.getByRole('heading', { level: 1, name: 'Data' })).toBeVisible();
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

test('your own files: checked, kept in OPFS across a reload, and trained on', async ({ page }) => {
  test.setTimeout(300_000);
  await openDataPage(page);
  await expect(page.locator('[data-testid=corpus][data-name=world]')).toBeVisible();
  await expect(page.locator('[data-testid=corpus][data-name="30-seconds-of-code"]')).toHaveAttribute(
    'data-kind',
    'code',
  );
  await expect(page.getByTestId('no-user-files')).toBeVisible();

  await page.getByTestId('user-files-input').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(notes) },
    { name: 'util.js', mimeType: 'text/javascript', buffer: Buffer.from(util) },
    { name: 'logo.png', mimeType: 'image/png', buffer: png },
    { name: 'cafe.txt', mimeType: 'text/plain', buffer: latin1 },
  ]);
  await expect(page.getByTestId('verdict')).toHaveCount(4);
  await expect(verdict(page, 'notes.txt')).toHaveAttribute('data-status', 'accepted');
  await expect(verdict(page, 'notes.txt')).toHaveAttribute('data-kind', 'text');
  await expect(verdict(page, 'util.js')).toHaveAttribute('data-status', 'accepted');
  await expect(verdict(page, 'util.js')).toHaveAttribute('data-kind', 'code');
  await expect(verdict(page, 'logo.png')).toHaveAttribute('data-code', 'binary');
  await expect(verdict(page, 'logo.png')).toContainText('Rejected: this is a PNG image, not text or code.');
  await expect(verdict(page, 'cafe.txt')).toHaveAttribute('data-code', 'not-utf8');
  await expect(verdict(page, 'cafe.txt')).toContainText(
    'not valid UTF-8 — the bytes at offset 3 (0xE9 0x20 0x61',
  );
  await expect(page.getByTestId('user-file')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/data-page-verdicts.png', fullPage: true });
  await expect(page.locator('[data-testid=corpus][data-name=user-text]')).toBeVisible();
  await expect(page.locator('[data-testid=corpus][data-name=user-code]')).toBeVisible();

  // The override: notes.txt to code and back, in the kept-files list.
  const notesRow = keptFile(page, 'notes.txt');
  await notesRow.getByRole('button', { name: 'code' }).click();
  await expect(notesRow).toHaveAttribute('data-kind', 'code');
  await expect(notesRow).toContainText('set to code by you (detected as text)');
  await expect(page.locator('[data-testid=corpus][data-name=user-text]')).toHaveCount(0);
  await notesRow.getByRole('button', { name: 'text' }).click();
  await expect(notesRow).toHaveAttribute('data-kind', 'text');

  // A folder: paths are kept, each file judged on its own.
  const dir = mkdtempSync(join(tmpdir(), 'codemix-data-'));
  mkdirSync(join(dir, 'proj', 'src'), { recursive: true });
  writeFileSync(join(dir, 'proj', 'src', 'model.py'), 'def step(x):\n    return x + 1\n');
  writeFileSync(join(dir, 'proj', 'blob.bin'), Buffer.from([1, 2, 3, 0, 4]));
  mkdirSync(join(dir, 'proj', '.git'));
  writeFileSync(join(dir, 'proj', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await page.getByTestId('user-folder-input').setInputFiles(join(dir, 'proj'));
  await expect(page.getByTestId('verdict')).toHaveCount(2);
  await expect(verdict(page, 'proj/src/model.py')).toHaveAttribute('data-kind', 'code');
  await expect(verdict(page, 'proj/blob.bin')).toContainText('a NUL byte at byte 3');
  await expect(page.getByTestId('verdict-skipped')).toContainText('1 file in tool folders');
  await keptFile(page, 'proj/src/model.py').getByRole('button', { name: 'Delete proj/src/model.py' }).click();
  await expect(keptFile(page, 'proj/src/model.py')).toHaveCount(0);

  // A drop onto the zone.
  await page.getByTestId('drop-zone').evaluate((zone) => {
    const data = new DataTransfer();
    data.items.add(new File(['Dropped words.\n'], 'dropped.md', { type: 'text/markdown' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(verdict(page, 'dropped.md')).toHaveAttribute('data-kind', 'text');
  await keptFile(page, 'dropped.md').getByRole('button', { name: 'Delete dropped.md' }).click();
  await expect(page.getByTestId('user-file')).toHaveCount(2);

  // Kept in the browser: still listed after a reload.
  await openDataPage(page);
  await expect(page.getByTestId('user-file')).toHaveCount(2);
  await expect(keptFile(page, 'notes.txt')).toHaveAttribute('data-kind', 'text');
  await expect(keptFile(page, 'util.js')).toHaveAttribute('data-kind', 'code');
  await expect(page.getByTestId('verdict')).toHaveCount(0);

  // A recipe can name them.
  const summary = await train(page, recipe);
  expect(summary.steps).toBe(8);
  expect(Object.keys(summary.final.heldout).sort()).toEqual(['user-code', 'user-text']);
  for (const loss of Object.values(summary.final.heldout)) expect(Number.isFinite(loss.loss)).toBe(true);
  await page.screenshot({ path: 'test-results/data-page.png', fullPage: true });
});
