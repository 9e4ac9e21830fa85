// No `server-only`: the launcher and `npm run db:migrate` run this under tsx in plain Node.
import { createAdapterFactory } from './create-adapter-factory';
import { createSchemaEngine } from './create-schema-engine';
import type { DatabaseTarget } from './get-database-target';
import { PRISMA_MIGRATIONS_DIR } from './prisma-paths';
import { readMigrations } from './read-migrations';

/** Options for `applyMigrations`. */
export type ApplyMigrationsOptions = {
  /** Defaults to the configured database (`DATABASE_URL`, else PGlite under `DATA_DIR`). */
  target?: DatabaseTarget;
  /** Defaults to `prisma/migrations`. */
  migrationsDir?: string;
};

/** Applies pending Prisma migrations (as `prisma migrate deploy` would, offline) and returns the names applied. */
export async function applyMigrations(options: ApplyMigrationsOptions = {}): Promise<string[]> {
  const migrationsList = await readMigrations(options.migrationsDir ?? PRISMA_MIGRATIONS_DIR);
  const handle = createAdapterFactory(options.target);
  try {
    const engine = await createSchemaEngine(handle.factory);
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      });
      return appliedMigrationNames;
    } finally {
      engine.free();
    }
  } finally {
    // PGlite allows one process per data directory, and the app opens it next.
    await handle.close();
  }
}
