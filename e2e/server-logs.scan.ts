import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { prepareDataDir } from '../lib/data-dir/prepare-data-dir';
import { findSecretsInLog } from '../scripts/log-scan/find-secrets-in-log';
import { E2E_LOG_DIR, readKnownSecrets } from './support/server-logs';

// Issue 6 item 4: after every other spec has run (this project depends on `chromium`), nothing the servers
// logged holds a secret, token or key. The findings name file, line and kind, never the value.

test('no secret, token or key in the server logs of the e2e run', () => {
  expect(existsSync(E2E_LOG_DIR), `no logs at ${E2E_LOG_DIR}: playwright.config.ts writes them there`).toBe(true);
  const files = readdirSync(E2E_LOG_DIR).filter((name) => name.endsWith('.log'));
  // Both portals' launchers must have logged something, or the scan proves nothing.
  expect(files).toEqual(expect.arrayContaining(['portal.log', 'unreachable-directory-portal.log']));
  const portalLog = readFileSync(path.join(E2E_LOG_DIR, 'portal.log'), 'utf8');
  expect(portalLog).toContain('[onboard] Onboard is running at');

  const known = readKnownSecrets();
  expect(known.map((secret) => secret.name)).toEqual(expect.arrayContaining([expect.stringMatching(/secrets\.json mtlsProxySecret$/), expect.stringMatching(/secrets\.json nextAuthSecret$/)]));
  const findings = files.flatMap((file) =>
    findSecretsInLog(readFileSync(path.join(E2E_LOG_DIR, file), 'utf8'), known).map((finding) => `${file}:${finding.line} ${finding.kind} ${finding.excerpt}`),
  );
  expect(findings).toEqual([]);
});

// Everything the run wrote sits under the default DATA_DIR (.data/e2e, the signed-in accounts' storage states, logs):
// `npm start` after `npm test` must find it owner-only, as it did not when Playwright wrote the storage states 0644.
test('the e2e run leaves the default DATA_DIR owner-only, as npm start checks it', async () => {
  await expect(prepareDataDir('.data')).resolves.toBeUndefined();
});
