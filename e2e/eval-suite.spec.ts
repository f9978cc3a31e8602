// The reasoning suite in the browser worker: a nano model trained for a few steps through the test
// handle is evaluated on one item per level of every task — code generation executed by the QuickJS
// sandbox in its own Web Worker — with progress events for every item and for the held-out loss, and
// a report that puts each score beside its chance level and 95% interval.
import { expect, test } from '@playwright/test';
import { ALL_TASKS } from '../src/core/eval';
import type { EvalProgress, EvalReport, EvalRequest } from '../src/contract/eval';
import { engineInfo, train } from './lab-handle';

interface EvalHandle {
  evaluate(request: EvalRequest): Promise<EvalReport>;
  evalProgress: EvalProgress[];
}

const recipe = {
  name: 'e2e-eval-nano',
  seed: 5,
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
      logEvery: 4,
      evalEvery: 8,
      evalBatches: 1,
    },
  ],
};

test('a nano model is evaluated on every task in the browser worker, with progress, chance and intervals', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  expect((await engineInfo(page)).backend).toBe('wasm');
  await train(page, recipe);

  const request: EvalRequest = { limit: 1, heldout: { documents: 2, maxChars: 400 } };
  const { report, progress } = await page.evaluate(async (r) => {
    const lab = (globalThis as unknown as { __lab: EvalHandle }).__lab;
    const report = await lab.evaluate(r);
    return { report, progress: lab.evalProgress };
  }, request);
  console.log(
    `browser eval: ${report.items.length} items in ${report.seconds.toFixed(1)} s; ` +
      report.summary
        .filter((s) => s.level === 'all')
        .map((s) => `${s.task} ${(100 * s.accuracy).toFixed(0)}% (chance ${(100 * s.chance).toFixed(0)}%)`)
        .join(', '),
  );

  // every task, one item per level, from both frozen sets
  expect(report.suite).toBe('tinyreason6-v1+transfer3-v1');
  expect(report.items).toHaveLength(ALL_TASKS.length * 4);
  expect(new Set(report.items.map((i) => i.task))).toEqual(new Set(ALL_TASKS));

  // progress: one event per item in order, then the held-out documents
  const items = progress.filter((p) => p.phase === 'items');
  expect(items.map((p) => p.done)).toEqual(report.items.map((_, i) => i + 1));
  expect(items.map((p) => p.task)).toEqual(report.items.map((i) => i.task));
  const heldout = progress.filter((p) => p.phase === 'heldout');
  expect(heldout.length).toBeGreaterThan(0);
  expect(heldout.at(-1)!.done).toBe(heldout.at(-1)!.total);

  // code generation ran in the browser sandbox: a real verdict for every program, never a crash
  const codegen = report.items.filter((i) => i.task === 'codegen');
  expect(codegen).toHaveLength(4);
  for (const item of codegen) {
    expect(['passed', 'failed', 'error', 'timeout', 'oom']).toContain(item.execution?.outcome);
    expect(item.execution?.error ?? '').not.toMatch(
      /sandbox worker|could not load QuickJS|sandbox was closed/,
    );
    expect(typeof item.bleu).toBe('number');
  }

  // every row: accuracy inside its 95% interval, the chance level of its format
  const chance: Record<string, number> = { nli: 1 / 3, reading: 1 / 4, codegen: 0 };
  for (const row of report.summary) {
    expect(row.ci95[0]).toBeLessThanOrEqual(row.accuracy);
    expect(row.ci95[1]).toBeGreaterThanOrEqual(row.accuracy);
    expect(row.ci95[0]).toBeGreaterThanOrEqual(0);
    expect(row.ci95[1]).toBeLessThanOrEqual(1);
    if (chance[row.task] !== undefined) expect(row.chance).toBeCloseTo(chance[row.task], 10);
  }
  const extractive = report.summary.find((s) => s.task === 'extractive' && s.level === 'all')!;
  expect(extractive.f1).toBeDefined();
  expect(extractive.chance).toBeGreaterThan(0);

  // held-out loss on text and on code, beside its chance level (a uniform guess over 300 tokens)
  expect(report.heldout?.byKind.map((k) => k.name)).toEqual(['text', 'code']);
  for (const k of report.heldout!.byKind) {
    expect(k.chance.loss).toBeCloseTo(Math.log(300), 10);
    expect(k.loss.mean).toBeGreaterThan(0);
    expect(k.loss.ci95[0]).toBeLessThanOrEqual(k.loss.mean);
    expect(k.loss.ci95[1]).toBeGreaterThanOrEqual(k.loss.mean);
  }
});
