import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Secrets the embedded setup generates for itself when the environment does not supply them. */
export type EmbeddedSecrets = { nextAuthSecret: string; directoryClientSecret: string; bankIdpClientSecret: string; mtlsProxySecret: string };

/**
 * Reads the embedded secrets from `<dataDir>/secrets.json`, generating them on first start. They live
 * with the data they protect (sessions survive a restart) and never in the repository.
 */
export async function loadEmbeddedSecrets(dataDir: string): Promise<EmbeddedSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<EmbeddedSecrets> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<EmbeddedSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Each secret is kept once generated; one added in a later version is generated alongside the old ones.
  const secrets: EmbeddedSecrets = {
    nextAuthSecret: stored.nextAuthSecret ?? generateSecret(),
    directoryClientSecret: stored.directoryClientSecret ?? generateSecret(),
    bankIdpClientSecret: stored.bankIdpClientSecret ?? generateSecret(),
    mtlsProxySecret: stored.mtlsProxySecret ?? generateSecret(),
  };
  if (Object.keys(secrets).every((key) => key in stored)) return secrets;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
