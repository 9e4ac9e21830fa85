import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KnownSecret } from '../../scripts/log-scan/find-secrets-in-log';
import { E2E } from './e2e-environment';

/** Where the e2e run's server logs go: both portals' launchers (webServer) and the nginx terminator. */
export const E2E_LOG_DIR = path.join(E2E.dataDir, 'logs');

// Secrets the tests were shown (a client secret on screen, an access token), so the log scan can look for
// their exact values. Outside the log directory: this file is the list of what must not be in the logs.
const OBSERVED_SECRETS_FILE = path.join(E2E.dataDir, 'observed-secrets.jsonl');

/** Records a secret a test was given, for the log scan after the run. */
export function recordObservedSecret(name: string, value: string): void {
  mkdirSync(path.dirname(OBSERVED_SECRETS_FILE), { recursive: true, mode: 0o700 });
  appendFileSync(OBSERVED_SECRETS_FILE, `${JSON.stringify({ name, value })}\n`, { mode: 0o600 });
}

/** Every secret whose value the e2e run knows: the embedded secrets of both portals, configured ones, observed ones. */
export function readKnownSecrets(): KnownSecret[] {
  const known: KnownSecret[] = [];
  for (const dataDir of [E2E.dataDir, E2E.unreachableDirectoryServerEnv.DATA_DIR]) {
    const file = path.join(dataDir, 'secrets.json');
    if (!existsSync(file)) continue;
    for (const [name, value] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) {
      known.push({ name: `${dataDir}/secrets.json ${name}`, value });
    }
  }
  known.push({ name: 'DIRECTORY_CLIENT_SECRET (unreachable-directory portal)', value: E2E.unreachableDirectoryServerEnv.DIRECTORY_CLIENT_SECRET });
  if (existsSync(OBSERVED_SECRETS_FILE)) {
    for (const line of readFileSync(OBSERVED_SECRETS_FILE, 'utf8').split('\n').filter(Boolean)) {
      const { name, value } = JSON.parse(line) as KnownSecret;
      known.push({ name: `observed ${name}`, value });
    }
  }
  return known;
}
