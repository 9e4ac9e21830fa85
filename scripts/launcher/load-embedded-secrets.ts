import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Secrets the embedded setup generates for itself when the environment does not supply them. */
export type EmbeddedSecrets = { nextAuthSecret: string; directoryClientSecret: string; mtlsProxySecret: string };

/**
 * Reads the embedded secrets from `<dataDir>/secrets.json`, generating them on first start. They live
 * with the data they protect (sessions survive a restart) and never in the repository.
 */
export async function loadEmbeddedSecrets(dataDir: string): Promise<EmbeddedSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<EmbeddedSecrets>;
    if (stored.nextAuthSecret && stored.directoryClientSecret && stored.mtlsProxySecret) {
      return { nextAuthSecret: stored.nextAuthSecret, directoryClientSecret: stored.directoryClientSecret, mtlsProxySecret: stored.mtlsProxySecret };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets: EmbeddedSecrets = {
    nextAuthSecret: randomBytes(32).toString('base64url'),
    directoryClientSecret: randomBytes(32).toString('base64url'),
    mtlsProxySecret: randomBytes(32).toString('base64url'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
