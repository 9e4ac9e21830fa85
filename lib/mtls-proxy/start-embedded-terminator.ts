// No `server-only`: the launcher runs this under tsx in plain Node.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { loadCaBundle } from '../certificates/load-ca-bundle';
import { EnvError, type Env } from '../env';
import { loadServerCredentials } from './load-server-credentials';
import { startMtlsProxy } from './start-mtls-proxy';

/** What `startEmbeddedTerminator` needs beyond the configuration. */
export type EmbeddedTerminatorOptions = {
  env: Env;
  /** The portal's Next.js server over plain HTTP. */
  upstreamUrl: string;
  /** `MTLS_PROXY_SECRET`, as the portal was given it. */
  proxySecret: string;
};

/** The running embedded terminator and the CA certificate its clients trust. */
export type EmbeddedTerminator = { url: string; caPath: string; close(): Promise<void> };

/**
 * Starts the embedded mutual TLS terminator at `MTLS_URL` for the launcher: trusts `DIRECTORY_CA_BUNDLE` for
 * client certificates and serves a certificate from the local CA under `<DATA_DIR>/mtls/` (`ca.pem`).
 */
export async function startEmbeddedTerminator(options: EmbeddedTerminatorOptions): Promise<EmbeddedTerminator> {
  const { env } = options;
  const caBundlePem = await readCaBundle(env.directory.caBundlePath);
  const dir = path.join(env.dataDir, 'mtls');
  const serverCredentials = await loadServerCredentials(dir, [new URL(env.mtlsUrl).hostname]);
  const proxy = await startMtlsProxy({
    listenUrl: env.mtlsUrl,
    upstreamUrl: options.upstreamUrl,
    caBundlePem,
    serverCredentials,
    proxySecret: options.proxySecret,
    certHeader: env.mtlsCertHeader,
  });
  return { url: proxy.url, caPath: path.join(dir, 'ca.pem'), close: proxy.close };
}

async function readCaBundle(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new EnvError([`DIRECTORY_CA_BUNDLE: cannot read ${file} (${code}); the mutual TLS terminator verifies client certificates against it`]);
  }
  // Checked here, not at the first handshake: a broken trust store would otherwise refuse every TPP silently.
  try {
    return loadCaBundle(text).join('\n');
  } catch (error) {
    throw new EnvError([`DIRECTORY_CA_BUNDLE: ${file}: ${(error as Error).message}`]);
  }
}
