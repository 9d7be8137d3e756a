import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// One free port for the whole run, chosen once here and inherited by the workers through the env.
if (!process.env.VELLUM_E2E_PORT) {
  process.env.VELLUM_E2E_PORT = execFileSync(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ],
    { encoding: 'utf8' },
  ).trim();
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  // The specs share one deployment and change deployment-wide preferences: one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: '../node_modules/.cache/e2e-results',
  use: {
    baseURL: `http://127.0.0.1:${process.env.VELLUM_E2E_PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
