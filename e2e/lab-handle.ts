// Typed access to the page's `globalThis.__lab` handle (set in src/main.ts) from Playwright specs.
import type { Page } from '@playwright/test';
import type { EngineInfo } from '../src/contract/backend';
import type { GpuFaultKind, TrainOptions } from '../src/contract/api';
import type { RunSummary, TrainEvent } from '../src/contract/train';

interface LabHandle {
  info: EngineInfo | null;
  runEvents: TrainEvent[];
  simulateGpuFault(kind: GpuFaultKind): Promise<boolean>;
  train(recipe: unknown, options?: TrainOptions): Promise<RunSummary>;
}

export async function engineInfo(page: Page): Promise<EngineInfo> {
  const info = await page.evaluate(() => (globalThis as unknown as { __lab: LabHandle }).__lab.info);
  if (!info) throw new Error('the engine has not reported ready');
  return info;
}

export async function simulateGpuFault(page: Page, kind: GpuFaultKind): Promise<boolean> {
  return page.evaluate(
    (k) => (globalThis as unknown as { __lab: LabHandle }).__lab.simulateGpuFault(k),
    kind,
  );
}

export async function train(page: Page, recipe: unknown, options: TrainOptions = {}): Promise<RunSummary> {
  return page.evaluate(([r, o]) => (globalThis as unknown as { __lab: LabHandle }).__lab.train(r, o), [
    recipe,
    options,
  ] as const);
}

export async function runEvents(page: Page): Promise<TrainEvent[]> {
  return page.evaluate(() => (globalThis as unknown as { __lab: LabHandle }).__lab.runEvents);
}
