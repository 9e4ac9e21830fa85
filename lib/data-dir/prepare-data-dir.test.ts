// Issue 15: the embedded database was world-readable and world-writable (968 of 1,032 files under DATA_DIR/pglite
// were 0666), and nothing noticed at start-up.
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '@/directory/testing/find-free-port';
import { startTestDirectory } from '@/directory/testing/start-test-directory';
import { loadServerCredentials } from '@/lib/api-host/load-server-credentials';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { createPrismaClient } from '@/lib/db/create-prisma-client';
import { loadKeyEncryptionKey } from '@/lib/key-encryption/load-key-encryption-key';
import { loadEmbeddedSecrets } from '@/scripts/launcher/load-embedded-secrets';
import { prepareDataDir } from './prepare-data-dir';

const folders: string[] = [];
const freshDataDir = async () => {
  const parent = await mkdtemp(path.join(tmpdir(), 'onboard-data-dir-'));
  folders.push(parent);
  return path.join(parent, 'data');
};

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** Every entry under `dir` (and `dir` itself) that is not a 0600 file or a 0700 directory, as `path mode`. */
async function findNotOwnerOnly(dir: string): Promise<string[]> {
  const entries = [dir, ...(await readdir(dir, { recursive: true })).map((name) => path.join(dir, name))];
  const found: string[] = [];
  for (const entry of entries) {
    const stats = await lstat(entry);
    const expected = stats.isDirectory() ? 0o700 : 0o600;
    if ((stats.mode & 0o777) !== expected) found.push(`${path.relative(dir, entry) || '.'} ${(stats.mode & 0o777).toString(8)}`);
  }
  return found;
}

describe('DATA_DIR', () => {
  it('is created owner-only by the code that writes it: the embedded database, secrets, keys, TLS and the sandbox directory', async () => {
    const dataDir = await freshDataDir();
    // What `npm start` writes, each through its own code path, in the vitest process's umask (0022).
    await prepareDataDir(dataDir);
    await loadEmbeddedSecrets(dataDir);
    await loadKeyEncryptionKey({ dataDir, keyEncryptionKey: undefined });
    await loadServerCredentials(path.join(dataDir, 'mtls'), ['localhost']);
    const target = { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') } as const;
    await applyMigrations({ target });
    const database = createPrismaClient(target);
    try {
      // A table that grows writes new relation and WAL files at run time, not only at initdb.
      await database.client.$executeRawUnsafe('CREATE TABLE "Filler" (text TEXT)');
      await database.client.$executeRawUnsafe(`INSERT INTO "Filler" SELECT repeat('x', 200) FROM generate_series(1, 5000)`);
      await database.client.$executeRawUnsafe('CHECKPOINT');
    } finally {
      await database.close();
    }
    const directory = await startTestDirectory({ dataDir, port: await findFreePort() });
    await directory.stop();

    expect((await readdir(path.join(dataDir, 'pglite'), { recursive: true })).length).toBeGreaterThan(900);
    expect(await findNotOwnerOnly(dataDir)).toEqual([]);
    await expect(prepareDataDir(dataDir)).resolves.toBeUndefined();
  }, 120_000);

  it.each([
    ['a group-readable file', 'pglite/base/1/1259', 'file', 0o640, 'mode 640'],
    ['a world-writable directory', 'directory', 'directory', 0o777, 'mode 777'],
  ])('refuses to start with %s, naming the path and the fix', async (_name, relative, kind, mode, shown) => {
    const dataDir = await freshDataDir();
    await prepareDataDir(dataDir);
    const entry = path.join(dataDir, relative);
    await mkdir(kind === 'file' ? path.dirname(entry) : entry, { recursive: true, mode: 0o700 });
    if (kind === 'file') await writeFile(entry, '', { mode: 0o600 });
    await chmod(entry, mode);

    const starting = prepareDataDir(dataDir);
    await expect(starting).rejects.toThrow(`DATA_DIR: ${entry} is accessible to group or others (${shown})`);
    await expect(starting).rejects.toThrow(`chmod -R go-rwx ${dataDir}`);
  });

  it('refuses a DATA_DIR that is itself open to others', async () => {
    const dataDir = await freshDataDir();
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    await expect(prepareDataDir(dataDir)).rejects.toThrow(`DATA_DIR: ${dataDir} is accessible to group or others (mode 755)`);
  });
});
