// Training in the browser worker on WebGPU: a nano run of ~20 steps whose loss falls with a flat
// tensor count, saved to browser storage, then reloaded on the CPU backend in a fresh page: the
// next step's loss matches what WebGPU computes for that step from the same checkpoint.
import { expect, test, type Page } from '@playwright/test';
import type { MetricsEvent } from '../src/contract/train';
import { engineInfo, runEvents, train } from './lab-handle';

const recipe = {
  name: 'e2e-nano',
  seed: 7,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 40_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 20,
      batchSize: 4,
      lr: 0.01,
      warmupSteps: 2,
      sources: ['world', '30-seconds-of-code'],
      mix: { type: 'fixed', code: 0.3 },
      logEvery: 1,
      evalEvery: 20,
      evalBatches: 1,
      checkpointEvery: 10,
    },
  ],
};

async function ready(page: Page, backend: string) {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  expect((await engineInfo(page)).backend).toBe(backend);
}

const metricsOf = (events: Awaited<ReturnType<typeof runEvents>>) =>
  events.filter((e): e is MetricsEvent => e.type === 'metrics');

test('a nano run trains on webgpu and its checkpoint resumes on cpu with the same next-step loss', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await ready(page, 'webgpu');
  const summary = await train(page, recipe, { checkpointName: 'e2e-nano' });
  const events = await runEvents(page);
  const metrics = metricsOf(events);
  expect(summary.backend).toBe('webgpu');
  expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  const first = (metrics[0].loss + metrics[1].loss) / 2;
  const last = (metrics[18].loss + metrics[19].loss) / 2;
  console.log(
    `webgpu nano: loss ${first.toFixed(3)} → ${last.toFixed(3)}, numTensors ${metrics.map((m) => m.numTensors).join(',')}`,
  );
  expect(last).toBeLessThan(first - 0.5);
  expect(new Set(metrics.slice(1).map((m) => m.numTensors)).size).toBe(1);
  const saved = events.filter((e) => e.type === 'checkpoint').map((e) => (e as { step: number }).step);
  expect(saved).toEqual([10, 20]);

  // Step 21 on webgpu, continuing from the checkpoint saved at step 20 (the result saved elsewhere).
  const oneMore = { ...recipe, stages: [{ ...recipe.stages[0], steps: 21 }] };
  await train(page, oneMore, { resumeFrom: 'e2e-nano', checkpointName: 'e2e-nano-webgpu-21' });
  const webgpuStep21 = metricsOf(await runEvents(page))[0];
  expect(webgpuStep21.step).toBe(21);

  // A fresh page on the CPU backend: load the same checkpoint from browser storage, take step 21.
  await ready(page, 'cpu');
  await train(page, oneMore, { resumeFrom: 'e2e-nano', checkpointName: 'e2e-nano-cpu-21' });
  const cpuStep21 = metricsOf(await runEvents(page))[0];
  expect(cpuStep21.step).toBe(21);
  console.log(
    `step 21 from the step-20 checkpoint: webgpu ${webgpuStep21.loss}, cpu after reload ${cpuStep21.loss}`,
  );
  expect(Math.abs(cpuStep21.loss - webgpuStep21.loss)).toBeLessThan(1e-3);
});
