import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, defineConfig, devices } from '@playwright/test';
import { E2E } from './e2e/support/e2e-environment';
import { E2E_LOG_DIR } from './e2e/support/server-logs';

// Use Playwright's own Chromium when it is installed; otherwise the system one (Debian's package), which is
// what machines without access to Playwright's browser downloads have.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(chromium.executablePath()) ? undefined : existsSync(systemChromium) ? systemChromium : undefined;

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
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Nothing but this machine: a test must never reach out.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
      ],
    },
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
