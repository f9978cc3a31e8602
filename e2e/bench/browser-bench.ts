// The browser bench (`npm run bench:browser`): for each backend, open the lab with ?backend=…, wait
// for the engine, and run the engine's bench() inside its worker; each record (the fields the CLI
// prints) is appended as one JSON line to $BENCH_OUT, which the script prints when all are done.
// Settings come from the environment (scripts/bench-browser.sh sets them from its arguments).
import { appendFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { BackendName, EngineInfo } from '../../src/contract/backend';
import type { BenchRecord, BenchRequest } from '../../src/contract/bench';
import type { PresetName } from '../../src/core/config/model';

interface BenchHandle {
  info: EngineInfo | null;
  bench(request: BenchRequest): Promise<BenchRecord>;
}

const env = process.env;
const out = env.BENCH_OUT;
const backends = (env.BENCH_BACKENDS ?? 'wasm,webgpu').split(',').map((b) => b.trim()) as BackendName[];
const int = (name: string, fallback: number) => {
  const v = Number(env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number (got ${env[name]})`);
  return v;
};
/**
 * Per backend: timed steps and warm-up steps. WebGPU on SwiftShader takes tens of seconds a step:
 * fewer timed steps and no extra warm-up (the profiled step before the timed window compiles the
 * pipelines anyway).
 */
const request = (backend: BackendName): BenchRequest => {
  const gpu = backend === 'webgpu';
  return {
    preset: (env.BENCH_PRESET ?? 'micro') as PresetName,
    batchSize: int('BENCH_BATCH', 16),
    steps: gpu ? int('BENCH_WEBGPU_STEPS', 2) : int('BENCH_STEPS', 10),
    warmupSteps: gpu ? int('BENCH_WEBGPU_WARMUP', 0) : int('BENCH_WARMUP', 3),
  };
};

for (const backend of backends) {
  test(`bench on ${backend}`, async ({ page }) => {
    if (!out) throw new Error('BENCH_OUT is not set: run this through scripts/bench-browser.sh');
    await page.goto(`/?backend=${backend}`);
    await expect(page.getByTestId('status-bar')).toHaveAttribute('data-status', 'ready');
    const info = await page.evaluate(() => (globalThis as unknown as { __lab: BenchHandle }).__lab.info);
    expect(info?.backend, `the engine started on ${info?.backend}: ${info?.reason}`).toBe(backend);
    const record = await page.evaluate(
      (r) => (globalThis as unknown as { __lab: BenchHandle }).__lab.bench(r),
      request(backend),
    );
    expect(record.backend).toBe(backend);
    expect(record.tokPerSec).toBeGreaterThan(0);
    appendFileSync(out, JSON.stringify(record) + '\n');
  });
}
