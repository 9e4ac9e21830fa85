// No `server-only`: the migration scripts run this under tsx in plain Node.
import path from 'node:path';
import { getEnv, type Env } from '@/lib/env';

/** Which database to open: embedded PGlite (on disk, or in memory when `dataDir` is omitted) or PostgreSQL. */
export type DatabaseTarget = { kind: 'pglite'; dataDir?: string } | { kind: 'postgres'; url: string; preparedStatements?: boolean };

/**
 * The configured database: PostgreSQL when `DATABASE_URL` is set (its statements prepared unless
 * `DATABASE_PREPARED_STATEMENTS=false`), else PGlite under `<DATA_DIR>/pglite`.
 */
export function getDatabaseTarget(env: Env = getEnv()): DatabaseTarget {
  if (env.databaseUrl) return { kind: 'postgres', url: env.databaseUrl, preparedStatements: env.databasePreparedStatements };
  return { kind: 'pglite', dataDir: path.join(env.dataDir, 'pglite') };
}
