import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { createPrismaClient } from '@/lib/db/create-prisma-client';
import { createLocalKeySealer } from '@/lib/key-encryption/create-local-key-sealer';
import { loadKeyEncryptionKey } from '@/lib/key-encryption/load-key-encryption-key';
import { generateSigningKey } from '@/lib/tokens/generate-signing-key';
import { sealSigningKey } from '@/lib/tokens/seal-signing-key';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onboard-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Start-up must refuse bad configuration before it touches anything, naming the variable.
function start(env: Record<string, string>, args: string[] = [], timeout = 30_000) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm start with bad configuration', () => {
  it.each([
    [
      'a malformed DATABASE_URL',
      { DATABASE_URL: 'postgres//no-scheme' },
      '[onboard] invalid configuration:\n  - DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL with a host (unset it to use the embedded database)\n',
    ],
    [
      'another directory without a client secret',
      { DIRECTORY_ISSUER: 'https://directory.example' },
      '[onboard] invalid configuration:\n  - DIRECTORY_CLIENT_SECRET: required when DIRECTORY_ISSUER points at a directory other than the sandbox\n',
    ],
    [
      'several API workers on the embedded database',
      { API_WORKERS: '2' },
      '[onboard] invalid configuration:\n  - API_WORKERS: above 1 needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process\n',
    ],
    [
      'several portal workers on the embedded database',
      { PORTAL_WORKERS: '3' },
      '[onboard] invalid configuration:\n  - PORTAL_WORKERS: above 1 needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process\n',
    ],
  ])('stops on %s with a message naming the variable and no stack trace', (_label, env, message) => {
    expect(start(env)).toEqual({ status: 1, stderr: message });
  });

  it('stops on a DATA_DIR that group or others can read, naming the path and the fix', () => {
    const exposed = mkdtempSync(path.join(os.tmpdir(), 'onboard-start-exposed-'));
    try {
      const file = path.join(exposed, 'secrets.json');
      writeFileSync(file, '{}');
      chmodSync(file, 0o644);
      expect(start({ DATA_DIR: exposed })).toEqual({
        status: 1,
        stderr:
          `[onboard] invalid configuration:\n  - DATA_DIR: ${file} is accessible to group or others (mode 644)\n` +
          `  - DATA_DIR holds the database, keys and secrets and must be owner-only: run \`chmod -R go-rwx ${exposed}\` as its owner\n`,
      });
    } finally {
      rmSync(exposed, { recursive: true, force: true });
    }
  });

  it('stops on signing keys sealed under another KEY_ENCRYPTION_KEY, naming both key ids, before anything listens', async () => {
    const sealedDir = mkdtempSync(path.join(os.tmpdir(), 'onboard-start-sealed-'));
    try {
      const [sealedText, otherText] = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
      const sealer = createLocalKeySealer(await loadKeyEncryptionKey({ dataDir: sealedDir, keyEncryptionKey: sealedText }));
      const target = { kind: 'pglite', dataDir: path.join(sealedDir, 'pglite') } as const;
      await applyMigrations({ target });
      const database = createPrismaClient(target);
      try {
        await database.client.signingKey.create({ data: await sealSigningKey(await generateSigningKey(), sealer) });
      } finally {
        await database.close();
      }
      const otherKid = (await loadKeyEncryptionKey({ dataDir: sealedDir, keyEncryptionKey: otherText })).kid;
      // Longer: this start opens the embedded database before it stops.
      expect(start({ DATA_DIR: sealedDir, KEY_ENCRYPTION_KEY: otherText }, [], 90_000)).toEqual({
        status: 1,
        stderr: `[onboard] the signing keys were sealed with key ${sealer.kid}; KEY_ENCRYPTION_KEY holds ${otherKid}: set KEY_ENCRYPTION_KEY to the key that sealed them\n`,
      });
    } finally {
      rmSync(sealedDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('stops on --separate-processes on the embedded database, naming the flag', () => {
    expect(start({}, ['--separate-processes'])).toEqual({
      status: 1,
      stderr: '[onboard] invalid configuration:\n  - --separate-processes: needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process\n',
    });
  });
});
