import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

// Use Playwright's own Chromium when it is installed; otherwise the system one (Debian's package), which is
// what machines without access to Playwright's browser downloads have.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How the browser tests (and the benchmark's admin sign-in) launch Chromium: on this machine only, never reaching out. */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: existsSync(chromium.executablePath()) ? undefined : existsSync(systemChromium) ? systemChromium : undefined,
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
};
