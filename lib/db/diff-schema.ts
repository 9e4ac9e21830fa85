// No `server-only`: `npm run db:migration` runs this under tsx in plain Node.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SchemaFilter } from '@prisma/schema-engine-wasm';
import { createAdapterFactory } from './create-adapter-factory';
import { createSchemaEngine } from './create-schema-engine';
import { PRISMA_MIGRATIONS_DIR, PRISMA_SCHEMA_PATH } from './prisma-paths';
import { readMigrations } from './read-migrations';

/** Options for `diffSchema`. */
export type DiffSchemaOptions = {
  /** Defaults to `prisma/schema.prisma`. */
  schemaPath?: string;
  /** Defaults to `prisma/migrations`. */
  migrationsDir?: string;
};

/** What the migrations lack to reach the Prisma schema. */
export type SchemaDiff = {
  /** False when the migrations already produce exactly the schema (no drift). */
  hasChanges: boolean;
  /** The SQL that would bring the migrated database to the schema; empty when there is nothing to do. */
  script: string;
};

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Diffs the database the migrations produce against the Prisma schema, in a throwaway in-memory PGlite. */
export async function diffSchema(options: DiffSchemaOptions = {}): Promise<SchemaDiff> {
  const schemaPath = options.schemaPath ?? PRISMA_SCHEMA_PATH;
  const files = [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }];
  const migrationsList = await readMigrations(options.migrationsDir ?? PRISMA_MIGRATIONS_DIR);
  // In-memory PGlite rather than the configured database: `diff` against a live PostgreSQL fails
  // through the pg adapter, and a scratch database cannot be damaged or drifted by hand.
  const handle = createAdapterFactory({ kind: 'pglite' });
  try {
    const engine = await createSchemaEngine(handle.factory, { datamodels: files });
    try {
      await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      // Not `from: migrations`: that replays them in a shadow database, which createMigration and
      // diff cannot open over PGlite. The migrated scratch database is the same thing.
      const { exitCode, stdout } = await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: path.dirname(schemaPath) },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      });
      // With exitCode set, the engine answers 2 for "differences found" and 0 for none.
      return { hasChanges: exitCode === 2, script: exitCode === 2 ? (stdout ?? '') : '' };
    } finally {
      engine.free();
    }
  } finally {
    await handle.close();
  }
}
