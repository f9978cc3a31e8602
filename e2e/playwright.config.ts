// Playwright: the built lab served by `vite preview`, driven in Debian's Chromium with WebGPU on
// (SwiftShader where there is no GPU). Playwright's own headless shell has no WebGPU, hence the
// system browser (TECH.md §4.1).
import { defineConfig } from '@playwright/test';

const port = 4173;

export default defineConfig({
  testDir: '.',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
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
