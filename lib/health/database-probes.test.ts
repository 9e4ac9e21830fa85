// Issue 12 part 3: the database probes of /readyz on a private PostgreSQL, which the test stops and starts: ready
// when it answers and every migration is applied; not ready while it is down or a migration is pending; ready again
// once it is back.
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { createPrismaClient, type PrismaClientHandle } from '@/lib/db/create-prisma-client';
import { PRISMA_MIGRATIONS_DIR } from '@/lib/db/prisma-paths';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/testing/start-private-postgres';
import { checkReadiness, toReadinessBody } from './check-readiness';
import { databaseProbes } from './database-probes';

let postgres: PrivatePostgres;
let handle: PrismaClientHandle;
let newerRelease: string;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  await applyMigrations({ target: { kind: 'postgres', url: postgres.url } });
  handle = createPrismaClient({ kind: 'postgres', url: postgres.url }, { queryTimeoutMs: 1_000 });
  // The migrations of a release with one more than this database has.
  newerRelease = await mkdtemp(path.join(os.tmpdir(), 'onboard-migrations-'));
  await cp(PRISMA_MIGRATIONS_DIR, newerRelease, { recursive: true });
  await mkdir(path.join(newerRelease, '29991231000000_from_the_future'));
}, 60_000);
afterAll(async () => {
  await handle?.close();
  await postgres?.dispose();
  await rm(newerRelease, { recursive: true, force: true });
});

const ready = async (migrationsDir?: string) => toReadinessBody(await checkReadiness(databaseProbes(() => handle.sql, migrationsDir)));

describe('the database probes', () => {
  it('pass when the database answers and has every migration', async () => {
    expect(await ready()).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', status: 'pass', detail: 'answers' },
        { name: 'migrations', status: 'pass', detail: expect.stringMatching(/^\d+ applied$/) },
      ],
    });
  });

  it('fail for an instance of a newer release, whose migration is not applied yet', async () => {
    expect(await ready(newerRelease)).toMatchObject({
      status: 'not_ready',
      checks: [{ status: 'pass' }, { name: 'migrations', status: 'fail', detail: '1 migration(s) not applied, the first 29991231000000_from_the_future' }],
    });
  });

  it('fail while the database is down, and pass again once it is back', { timeout: 60_000 }, async () => {
    await postgres.stop();
    expect(await ready()).toMatchObject({ status: 'not_ready', checks: [{ name: 'database', status: 'fail', detail: 'the database does not answer' }, { status: 'fail' }] });
    await postgres.start();
    expect((await ready()).status).toBe('ready');
  });
});
