import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against a real Parley server.
 * - PARLEY_URL set: that server is used as it is (it must be running).
 * - PARLEY_URL unset: global setup starts `java -jar $PARLEY_JAR` on a free port with a fresh data dir.
 * When the server does not serve the web app itself, global setup serves client/dist and forwards
 * the server's paths to it. The Google sign-in test needs the server to trust the local OIDC
 * stand-in: it runs when PARLEY_GOOGLE=1 (the caller started both), see docs/client.md.
 */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const withGoogle = process.env.PARLEY_GOOGLE === '1';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    actionTimeout: 15_000,
    trace: 'off',
  },
  projects: [
    { name: 'app', testIgnore: '**/google.spec.ts' },
    ...(withGoogle ? [{ name: 'google', testMatch: '**/google.spec.ts' }] : []),
  ],
});
