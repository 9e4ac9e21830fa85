import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './e2e/support/chromium-launch-options';
import { E2E } from './e2e/support/e2e-environment';
import { E2E_LOG_DIR } from './e2e/support/server-logs';

// Everything the run writes lands under the product's DATA_DIR (.data), which `npm start` refuses to use unless it is
// owner-only: the signed-in accounts' storage states (session cookies), the servers' logs, nginx's files. Playwright
// writes its files with the process's umask, which its workers and the servers inherit.
process.umask(0o077);

// Each server's output also goes to a file under E2E_LOG_DIR, which the `server logs` project scans last.
const launcher = (logFile: string) =>
  `node node_modules/tsx/dist/cli.mjs scripts/log-scan/tee-to-log-file.ts ${path.join(E2E_LOG_DIR, logFile)} -- ` +
  'node node_modules/tsx/dist/cli.mjs scripts/start.ts --no-build';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E.portalUrl,
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: { ...devices['Desktop Chrome'] } },
    { name: 'chromium', dependencies: ['setup'], use: { ...devices['Desktop Chrome'] } },
    // After everything else: no secret, token or key in what the servers logged during the run.
    { name: 'server logs', testMatch: /.*\.scan\.ts/, dependencies: ['chromium'] },
  ],
  webServer: [
    {
      // The product exactly as `npm start` runs it, on its own ports and data directory (`npm test` builds first).
      command: launcher('portal.log'),
      url: `${E2E.portalUrl}/api/auth/providers`,
      env: E2E.serverEnv,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // A second portal whose directory is down, to prove sign-in fails with a clear page.
      command: launcher('unreachable-directory-portal.log'),
      url: `${E2E.unreachableDirectoryPortalUrl}/api/auth/providers`,
      env: E2E.unreachableDirectoryServerEnv,
      timeout: 300_000,
      reuseExistingServer: false,
    },
  ],
});
