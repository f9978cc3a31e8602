// Typed access to the page's `globalThis.__lab` handle (set in src/main.ts) from Playwright specs.
import type { Page } from '@playwright/test';
import type { EngineInfo } from '../src/contract/backend';
import type { GpuFaultKind } from '../src/contract/api';

interface LabHandle {
  info: EngineInfo | null;
  simulateGpuFault(kind: GpuFaultKind): Promise<boolean>;
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
