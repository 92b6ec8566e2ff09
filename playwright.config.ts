import { defineConfig } from '@playwright/test';

// The built Chrome extension in Debian's Chromium (Playwright never downloads a browser here) against
// loopback servers. One worker: two are no faster on two cores. Firefox is covered by the shared
// core tests and `web-ext lint`: Playwright cannot load Firefox extensions.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env['CI'] !== undefined,
  retries: process.env['CI'] === undefined ? 0 : 1,
  timeout: 60_000,
  reporter: process.env['CI'] === undefined ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: { trace: 'on-first-retry' },
  projects: [{ name: 'chromium' }],
});
