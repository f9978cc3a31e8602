// Playwright: the built lab served by `vite preview`, driven in Debian's Chromium with WebGPU on
// (SwiftShader where there is no GPU). Playwright's own headless shell has no WebGPU, hence the
// system browser (TECH.md §4.1).
import { defineConfig } from '@playwright/test';

const port = 4173;

export default defineConfig({
  testDir: '.',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // Two specs at a time: much of a spec's time is waiting on the worker, SwiftShader or storage, so
  // two overlap well on 2 cores (the suite took 6.5 min instead of ~12). Every test has its own
  // browser context (own OPFS and IndexedDB) and nothing asserts a speed.
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../test-results',
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    cwd: '..',
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'],
    },
  },
});
