// Vitest global setup: the migrations are applied once, to a PGlite data directory that every test file copies
// (lib/testing/use-test-database.ts) instead of creating and migrating its own: a fresh PGlite costs several seconds
// of initdb and migrations, a copy a fraction of that. PostgreSQL runs (DATABASE_URL) give each file a schema instead.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../lib/db/apply-migrations';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data directory to copy; unset when the suite runs against PostgreSQL. */
    pgliteTemplateDir: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplateDir', null);
    return async () => {};
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'onboard-test-template-'));
  const dataDir = path.join(root, 'pglite');
  await applyMigrations({ target: { kind: 'pglite', dataDir } });
  project.provide('pgliteTemplateDir', dataDir);
  return () => rm(root, { recursive: true, force: true });
}
