import { readdir } from 'node:fs/promises';
import { PRISMA_MIGRATIONS_DIR } from '@/lib/db/prisma-paths';
import type { RawSql } from '@/lib/db/raw-sql';
import type { ReadinessProbe } from './check-readiness';

/**
 * The database readiness probes of both the portal and the API host: it answers, and every migration of
 * `prisma/migrations` is applied (an instance of a newer release must not serve an older schema).
 */
export function databaseProbes(sql: () => RawSql, migrationsDir: string = PRISMA_MIGRATIONS_DIR): ReadinessProbe[] {
  return [
    {
      name: 'database',
      isFatal: true,
      async check() {
        await sql().$queryRaw`SELECT 1`.catch(() => {
          throw new Error('the database does not answer');
        });
        return 'answers';
      },
    },
    {
      name: 'migrations',
      isFatal: true,
      async check() {
        const expected = (await readdir(migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
        const rows = await sql()
          .$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
          .catch(() => {
            throw new Error('the migrations table cannot be read');
          });
        const applied = new Set(rows.map((row) => row.migration_name));
        const pending = expected.filter((name) => !applied.has(name));
        if (pending.length > 0) throw new Error(`${pending.length} migration(s) not applied, the first ${pending.sort()[0]}`);
        return `${expected.length} applied`;
      },
    },
  ];
}
