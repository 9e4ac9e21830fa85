// No `server-only`: the migration scripts run this under tsx in plain Node.
import path from 'node:path';

// Relative to the working directory, as the Prisma CLI resolves them: npm scripts, the launcher
// and vitest all run from the package root.

/** The Prisma schema. */
export const PRISMA_SCHEMA_PATH = path.resolve('prisma', 'schema.prisma');
/** Prisma's migrations directory (`<timestamp>_<name>/migration.sql` + `migration_lock.toml`). */
export const PRISMA_MIGRATIONS_DIR = path.resolve('prisma', 'migrations');
