// The lab's foundation in a real browser: the engine worker starts on WebGPU (a real adapter) or
// on a forced WASM backend, passes its numerics self-test, and reports GPU device loss to the UI.
import { expect, test, type Page } from '@playwright/test';
import { engineInfo, simulateGpuFault } from './lab-handle';

async function readyStatus(page: Page) {
  const bar = page.getByTestId('status-bar');
  await expect(bar).toHaveAttribute('data-status', 'ready');
  return bar;
}

test('the browser exposes WebGPU with an adapter, in the page and in a worker', async ({ page }) => {
  await page.goto('/');
  const facts = await page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    return { hasGpu: 'gpu' in navigator, adapter: adapter ? adapter.info.vendor : null };
  });
  expect(facts.hasGpu, 'navigator.gpu is missing: Chromium was started without WebGPU').toBe(true);
  expect(facts.adapter, 'navigator.gpu.requestAdapter() gave no adapter').not.toBeNull();
});

test('the engine runs on webgpu with a real adapter and passes the self-test', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  const bar = await readyStatus(page);
  await expect(bar).toHaveAttribute('data-backend', 'webgpu');
  await expect(bar).toHaveAttribute('data-selftest', 'passed');
  const info = await engineInfo(page);
  console.log('webgpu engine:', JSON.stringify({ adapter: info.adapter, selfTest: info.selfTest }));
  expect(info.adapter?.vendor).not.toBe('');
  expect(info.adapter?.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  expect(info.selfTest.checks.map((c) => c.name)).toEqual(['matmul', 'softmax', 'gradient']);
  for (const check of info.selfTest.checks) expect(check.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
});

test('?backend=wasm forces WASM, which passes the self-test', async ({ page }) => {
  await page.goto('/?backend=wasm');
  const bar = await readyStatus(page);
  await expect(bar).toHaveAttribute('data-backend', 'wasm');
  await expect(bar).toHaveAttribute('data-selftest', 'passed');
  const info = await engineInfo(page);
  console.log(
    'wasm engine:',
    JSON.stringify({ wasm: info.wasm, reason: info.reason, selfTest: info.selfTest }),
  );
  expect(info.wasm?.simd).toBe(true);
  expect(info.reason).toContain('forced');
});

test('auto on a software WebGPU adapter times both backends and says which it chose and why', async ({
  page,
}) => {
  await page.goto('/');
  await readyStatus(page);
  const info = await engineInfo(page);
  console.log('auto chose', info.backend, '-', info.reason);
  expect(['webgpu', 'wasm']).toContain(info.backend);
  expect(info.reason).toMatch(
    /software \(swiftshader\): one small training step took \d+ ms on webgpu and \d+ ms on wasm/,
  );
});

test('?backend=cpu forces the CPU backend', async ({ page }) => {
  await page.goto('/?backend=cpu');
  const bar = await readyStatus(page);
  await expect(bar).toHaveAttribute('data-backend', 'cpu');
  await expect(bar).toHaveAttribute('data-selftest', 'passed');
});

test('a lost GPU device reaches the UI as a readable message', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  await readyStatus(page);
  const destroyed = await simulateGpuFault(page, 'device-loss');
  expect(destroyed).toBe(true);
  await expect(page.getByTestId('notices')).toContainText('GPU device lost (destroyed)');
});

test('an uncaptured WebGPU error reaches the UI as a readable message', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  await readyStatus(page);
  const raised = await simulateGpuFault(page, 'validation-error');
  expect(raised).toBe(true);
  await expect(page.getByTestId('notices')).toContainText('WebGPU validation error');
});

test('the navigation reaches every page and marks the current one', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Lab sections' });
  for (const title of ['Data', 'Train', 'Evaluate', 'Compare', 'Playground', 'Learn']) {
    await nav.getByRole('link', { name: title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(nav.getByRole('link', { name: title, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('an unknown ?backend value is reported, and the lab starts anyway', async ({ page }) => {
  await page.goto('/?backend=webgl');
  await readyStatus(page);
  await expect(page.getByTestId('notices')).toContainText('Unknown backend "webgl"');
});
