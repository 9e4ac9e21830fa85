import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject, vi } from 'vitest';
import { applyMigrations } from '@/lib/db/apply-migrations';

/**
 * Gives a test file its own migrated database, of the kind the suite runs against: a throwaway
 * schema in PostgreSQL when `DATABASE_URL` is set, else a PGlite in a temporary folder, copied from the suite's
 * migrated template (scripts/testing/prepare-pglite-template.ts) when there is one. Call it at
 * the top of a test file, before anything reads the configuration; `lib/db.ts` then opens it.
 */
export function useTestDatabase(): void {
  const baseUrl = process.env.DATABASE_URL || undefined;
  let dataDir: string;
  let schema: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-test-'));
    vi.stubEnv('DATA_DIR', dataDir);
    if (baseUrl) {
      schema = `test_${randomBytes(6).toString('hex')}`;
      await runSql(baseUrl, `CREATE SCHEMA "${schema}"`);
      const url = new URL(baseUrl);
      url.searchParams.set('schema', schema);
      vi.stubEnv('DATABASE_URL', url.toString());
    } else {
      vi.stubEnv('DATABASE_URL', '');
      const template = inject('pgliteTemplateDir');
      if (template) await copyOwnerOnly(template, path.join(dataDir, 'pglite'));
    }
    // Applies every migration to a fresh database; with the template, checks that it is up to date.
    await applyMigrations();
  });

  afterAll(async () => {
    const { closeDb } = await import('@/lib/db');
    await closeDb();
    vi.unstubAllEnvs();
    if (baseUrl && schema) await runSql(baseUrl, `DROP SCHEMA "${schema}" CASCADE`);
    await rm(dataDir, { recursive: true, force: true });
  });
}

// As the product keeps DATA_DIR (lib/data-dir): files keep the template's 0600, folders are made 0700 again.
async function copyOwnerOnly(source: string, target: string): Promise<void> {
  await cp(source, target, { recursive: true });
  const folders = (await readdir(target, { recursive: true, withFileTypes: true })).filter((entry) => entry.isDirectory());
  await Promise.all([target, ...folders.map((entry) => path.join(entry.parentPath, entry.name))].map((folder) => chmod(folder, 0o700)));
}

async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
