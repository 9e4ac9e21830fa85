// No `server-only`: the launcher runs this under tsx in plain Node.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { loadCaBundle } from '../certificates/load-ca-bundle';
import { EnvError, type Env } from '../env';
import type { Readiness } from '../health/check-readiness';
import { readForwardedConnection } from '../http/read-forwarded-certificate';
import type { MtlsTerminator } from './choose-mtls-terminator';
import { loadServerCredentials } from './load-server-credentials';
import { startApiHost, type ApiHost, type ApiRoutes, type MountedHandler } from './start-api-host';

/** The running API host and, when it terminates mutual TLS itself, the CA certificate its clients trust. */
export type ConfiguredApiHost = ApiHost & { caPath: string | null };

/** What the API host serves; by default the product's endpoints and, with `AUTHORIZATION_SERVER=embedded`, its AS. */
export type ApiHostServices = { routes: ApiRoutes; authorizationServer?: MountedHandler; readiness?: () => Promise<Readiness>; close?: () => Promise<void> };

/**
 * Starts the API host as configured: always the plain listener at `API_ADDRESS` (for the bank's terminator, which
 * proves itself with `MTLS_PROXY_SECRET`), and with the embedded terminator the mutual TLS listener at `MTLS_URL`,
 * trusting every trust domain's CA bundle for client certificates (the OB checks then hold each client to its own
 * domain's) and serving a certificate from the local CA under
 * `<DATA_DIR>/mtls/` (`ca.pem`). `services` defaults to the product's (lib/api-host/create-api-services.ts).
 */
export async function startConfiguredApiHost(env: Env, terminator: MtlsTerminator, services?: ApiHostServices): Promise<ConfiguredApiHost> {
  const served = services ?? (await (await import('./create-api-services')).createApiServices(env));
  const plain = { ...env.apiAddress, readConnection: readForwardedConnection };
  const start = async () => {
    if (terminator === 'none') return { ...(await startApiHost({ ...served, plain })), caPath: null };
    const caBundlePem = (await Promise.all([...new Set(env.trustDomains.map((domain) => domain.caBundlePath))].map((file) => readCaBundle(file, caBundleSetting(env))))).join('\n');
    const serverCredentials = await loadConfiguredServerCredentials(env);
    const host = await startApiHost({ ...served, plain, mtls: { listenUrl: env.mtlsUrl, caBundlePem, serverCredentials } });
    return { ...host, caPath: path.join(env.dataDir, 'mtls', 'ca.pem') };
  };
  try {
    const host = await start();
    return {
      ...host,
      async close() {
        await host.close();
        await served.close?.();
      },
    };
  } catch (error) {
    await served.close?.();
    throw error;
  }
}

/**
 * The embedded terminator's TLS credentials under `<DATA_DIR>/mtls/`, created on first start. The launcher calls it
 * once before it starts several API host workers, so that they read one CA instead of racing to create their own.
 */
export function loadConfiguredServerCredentials(env: Env) {
  return loadServerCredentials(path.join(env.dataDir, 'mtls'), [new URL(env.mtlsUrl).hostname]);
}

// Where the trust domains' CA bundles are configured, for a message naming what to fix.
function caBundleSetting(env: Env): string {
  return env.trustDomainsFile === null ? 'DIRECTORY_CA_BUNDLE' : `TRUST_DOMAINS_FILE (${env.trustDomainsFile}), caBundle`;
}

async function readCaBundle(file: string, setting: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new EnvError([`${setting}: cannot read ${file} (${code}); the API host verifies client certificates against it`]);
  }
  // Checked here, not at the first handshake: a broken trust store would otherwise refuse every TPP silently.
  try {
    return loadCaBundle(text).join('\n');
  } catch (error) {
    throw new EnvError([`${setting}: ${file}: ${(error as Error).message}`]);
  }
}
