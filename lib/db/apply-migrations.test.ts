import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from './apply-migrations';
import type { DatabaseTarget } from './get-database-target';
import { PRISMA_MIGRATIONS_DIR } from './prisma-paths';

/** A fresh, empty database for one test, and SQL access to inspect it afterwards. */
type ScratchDatabase = {
  target: DatabaseTarget;
  /** Runs a query in the schema the migrations went to (after applyMigrations has closed its connection). */
  query<Row>(sql: string): Promise<Row[]>;
  drop(): Promise<void>;
};

type DatabaseCase = { label: string; create(): Promise<ScratchDatabase> };

const postgresUrl = [process.env.TEST_POSTGRES_URL, process.env.DATABASE_URL].find((url) =>
  /^postgres(ql)?:\/\//.test(url ?? ''),
);

// PGlite always; PostgreSQL only when a server is configured, so nothing is ever skipped.
const databases: DatabaseCase[] = [
  { label: 'PGlite', create: createPGliteDatabase },
  ...(postgresUrl ? [{ label: 'PostgreSQL', create: () => createPostgresDatabase(postgresUrl) }] : []),
];

const APP_TABLES = [
  'Admin',
  'AuditChain',
  'AuditCounter',
  'AuditEvent',
  'AuthorizationServerPayload',
  'Client',
  'ClientCertificate',
  'Organisation',
  'OrganisationRevocation',
  'Policy',
  'PortalSession',
  'ProvisioningTask',
  'RemoteClientRegistration',
  'ReplayGuard',
  'ScheduledRun',
  'SigningKey',
  'SoftwareRevocation',
  'TppUser',
  // rate-limiter-flexible's PostgreSQL store names its table itself.
  'rate_limit_windows',
];

describe.each(databases)('applyMigrations on $label', ({ create }) => {
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function scratch(): Promise<ScratchDatabase> {
    const database = await create();
    cleanups.push(() => database.drop());
    return database;
  }

  it('applies every migration to an empty database, then nothing on a second run', async () => {
    const database = await scratch();
    const migrationNames = (await readdir(PRISMA_MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    expect(await applyMigrations({ target: database.target })).toEqual(migrationNames);
    expect(await applyMigrations({ target: database.target })).toEqual([]);

    const tables = await database.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    // Sorted here: the database's collation may order lower-case names among upper-case ones.
    expect(tables.map((row) => row.table_name).sort()).toEqual([...APP_TABLES, '_prisma_migrations'].sort());
    const finished = await database.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(finished.map((row) => row.migration_name)).toEqual(migrationNames);
  });

  it('fails a broken migration with its SQL error and leaves nothing of it behind', async () => {
    const database = await scratch();
    const migrationsDir = await writeMigrations({
      '20000101000000_broken': 'CREATE TABLE "Half" ("id" INTEGER);\nSELECT * FROM "Missing";',
    });
    cleanups.push(() => rm(migrationsDir, { recursive: true, force: true }));

    await expect(applyMigrations({ target: database.target, migrationsDir })).rejects.toThrow(
      'No such table: Missing',
    );

    const tables = await database.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(['_prisma_migrations']);
    const unfinished = await database.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL`,
    );
    expect(unfinished).toEqual([{ migration_name: '20000101000000_broken' }]);
  });

  it('runs a migration whose string literals contain semicolons', async () => {
    const database = await scratch();
    const migrationsDir = await writeMigrations({
      '20000101000000_semicolons': `CREATE TABLE "Note" ("body" TEXT NOT NULL DEFAULT 'a; b');`,
    });
    cleanups.push(() => rm(migrationsDir, { recursive: true, force: true }));

    expect(await applyMigrations({ target: database.target, migrationsDir })).toEqual(['20000101000000_semicolons']);

    const columns = await database.query<{ column_default: string }>(
      `SELECT column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Note'`,
    );
    expect(columns).toEqual([{ column_default: "'a; b'::text" }]);
  });
});

async function createPGliteDatabase(): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-pglite-'));
  return {
    target: { kind: 'pglite', dataDir },
    query: async <Row>(sql: string) => {
      // Opened per query: PGlite allows one instance per data directory at a time.
      const pglite = new PGlite(dataDir);
      try {
        return (await pglite.query<Row>(sql)).rows;
      } finally {
        await pglite.close();
      }
    },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase(baseUrl: string): Promise<ScratchDatabase> {
  // A schema of our own per test, so tests never touch each other's or anyone else's tables.
  const schema = `onboard_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const url = new URL(baseUrl);
  url.searchParams.delete('schema');
  const connectionString = url.toString();
  url.searchParams.set('schema', schema);
  const withClient = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString, options: `-c search_path="${schema}"` });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    target: { kind: 'postgres', url: url.toString() },
    query: <Row>(sql: string) => withClient(async (client) => (await client.query(sql)).rows as Row[]),
    drop: async () => {
      await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

async function writeMigrations(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'onboard-migrations-'));
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}
