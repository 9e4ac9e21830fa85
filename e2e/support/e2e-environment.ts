import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
// Ports and data directories of the products the browser tests run against, away from a developer's `npm start`.
// E2E_PORT_OFFSET moves every port the run listens on, so that two checkouts on one machine can run specs at once.
const portOffset = Number(process.env.E2E_PORT_OFFSET ?? 0);
/** An e2e port, moved by E2E_PORT_OFFSET. */
export const e2ePort = (port: number): number => port + portOffset;
const portalUrl = `http://localhost:${e2ePort(3100)}`;
const sandboxDirectoryUrl = `http://localhost:${e2ePort(4100)}`;
const unreachableDirectoryPortalUrl = `http://localhost:${e2ePort(3101)}`;
const mtlsUrl = `https://localhost:${e2ePort(8543)}`;
// The API host's plain listener, where the e2e nginx forwards to (8545 is nginx's own mTLS port).
const apiAddress = `127.0.0.1:${e2ePort(8546)}`;
// The API host's /metrics, away from npm start's 9464.
const metricsAddress = `127.0.0.1:${e2ePort(9465)}`;
const dataDir = '.data/e2e';

// On PostgreSQL both products below share one database, so they need one key-encryption key, as every process of
// one deployment does (a second key would refuse the signing keys the first sealed). Generated at run time, 0600, in a .data created 0700.
const keyEncryptionKeyFile = path.resolve('.data', 'e2e-key-encryption-key');
mkdirSync(path.dirname(keyEncryptionKeyFile), { recursive: true, mode: 0o700 });
try {
  writeFileSync(keyEncryptionKeyFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
}

const shared = {
  NEXT_TELEMETRY_DISABLED: '1',
  KEY_ENCRYPTION_KEY: keyEncryptionKeyFile,
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
};

/** Where the end-to-end products listen and how they are configured. */
export const E2E = {
  portalUrl,
  sandboxDirectoryUrl,
  unreachableDirectoryPortalUrl,
  mtlsUrl,
  /** The API host behind a terminator (nginx): plain HTTP, trusted only with the proxy secret. */
  apiPlainUrl: `http://${apiAddress}`,
  metricsUrl: `http://${metricsAddress}/metrics`,
  dataDir,
  /** The sandbox bank's organisation id: a registration JWT's `aud`. */
  aspspOrgId: '0015800001ONBRDBNK',
  serverEnv: {
    ...shared,
    PORTAL_URL: portalUrl,
    SANDBOX_DIRECTORY_URL: sandboxDirectoryUrl,
    MTLS_URL: mtlsUrl,
    API_ADDRESS: apiAddress,
    METRICS_ADDRESS: metricsAddress,
    DATA_DIR: dataDir,
    // Every spec's TPP calls from 127.0.0.1: limits that stay on (the code path runs) yet never bite. The 429 itself
    // is proven through the real API host and endpoints in lib/rate-limit/rate-limit-over-mtls.test.ts.
    RATE_LIMIT_REGISTER_PER_MINUTE: '60000',
    RATE_LIMIT_TOKEN_PER_MINUTE: '60000',
    // The directory's revoked-key lists are read for every request, so that a spec that revokes keys in the sandbox
    // directory sees the effect at once (production trusts a list for 60 s).
    REVOCATION_CACHE_MAX_AGE_SECONDS: '0',
    // Likewise the sandbox CA's OCSP and CRL answers: a spec that revokes a certificate sees it at the next request.
    CERTIFICATE_STATUS_MAX_AGE_SECONDS: '0',
  },
  unreachableDirectoryServerEnv: {
    ...shared,
    PORTAL_URL: unreachableDirectoryPortalUrl,
    // Nothing listens on port 9; the portal must say the directory is unreachable, not crash.
    DIRECTORY_ISSUER: 'http://localhost:9',
    // Its own sandbox directory still plays the bank's IdP: on a port of the run's, not npm start's 4000.
    SANDBOX_DIRECTORY_URL: `http://localhost:${e2ePort(4101)}`,
    DIRECTORY_CLIENT_SECRET: 'e2e-unused-client-secret',
    MTLS_URL: `https://localhost:${e2ePort(8544)}`,
    // No directory, so no CA bundle to verify client certificates with: this portal has no mTLS side.
    MTLS_TERMINATOR: 'none',
    API_ADDRESS: `127.0.0.1:${e2ePort(8548)}`,
    METRICS_ADDRESS: `127.0.0.1:${e2ePort(9466)}`,
    DATA_DIR: '.data/e2e-unreachable-directory',
  },
} as const;
