import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyMigrations } from './apply-migrations';

// lib/db.ts reads the configuration on first use, so the environment is set before it is imported.
describe('lib/db.ts', () => {
  let dataDir: string;
  let db: typeof import('@/lib/db');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-db-'));
    vi.stubEnv('DATA_DIR', dataDir);
    // Empty means unset: this test is about the embedded database even where PostgreSQL is configured.
    vi.stubEnv('DATABASE_URL', '');
    await applyMigrations();
    db = await import('@/lib/db');
  });

  afterAll(async () => {
    await db?.closeDb();
    vi.unstubAllEnvs();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes and reads an organisation through the one Prisma client, on PGlite under DATA_DIR', async () => {
    const created = await db.getDb().organisation.create({
      data: { directoryOrgId: '0015800001TESTORG', name: 'Test TPP Ltd', status: 'Active', roles: ['AISP', 'PISP'] },
    });

    const found = await db.getDb().organisation.findUnique({ where: { directoryOrgId: '0015800001TESTORG' } });

    expect(found).toEqual(created);
    expect(found?.roles).toEqual(['AISP', 'PISP']);
    expect(found?.id).toMatch(/^c[a-z0-9]{24}$/);
    expect(db.getDb()).toBe(db.getDb());
  });

  it('runs interactive transactions (as sign-in does) and stores JSON and BigInt ids', async () => {
    const event = await db.getDb().$transaction(async (tx) => {
      const organisation = await tx.organisation.create({
        data: { directoryOrgId: '0015800001TXORG', name: 'Tx TPP Ltd', status: 'Active', roles: ['CBPII'] },
      });
      return tx.auditEvent.create({
        data: { actorType: 'system', action: 'organisation.created', organisationId: organisation.id, details: { roles: ['CBPII'] } },
      });
    });

    const found = await db.getDb().auditEvent.findFirstOrThrow({ where: { organisationId: event.organisationId } });

    expect(typeof found.id).toBe('bigint');
    expect(found.details).toEqual({ roles: ['CBPII'] });
  });

  it('rolls back an interactive transaction that throws', async () => {
    await expect(
      db.getDb().$transaction(async (tx) => {
        await tx.organisation.create({ data: { directoryOrgId: '0015800001ROLLBACK', name: 'Gone', status: 'Active', roles: [] } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    expect(await db.getDb().organisation.findUnique({ where: { directoryOrgId: '0015800001ROLLBACK' } })).toBeNull();
  });

  it('opened the database in <DATA_DIR>/pglite', async () => {
    expect(await readdir(path.join(dataDir, 'pglite'))).toContain('PG_VERSION');
  });
});
