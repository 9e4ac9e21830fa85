// No `server-only`: scripts (seeding, the launcher) may need a client outside Next.js. The app
// itself uses the one memoised client from `lib/db.ts`.
import { PrismaClient } from '@/lib/generated/prisma/client';
import { createAdapterFactory, POSTGRES_QUERY_TIMEOUT_MS, type AdapterFactoryOptions, type DatabasePoolStats } from './create-adapter-factory';
import type { DatabaseTarget } from './get-database-target';
import { createRawSqlDb, RAW_SQL_MAX_WAIT_MS, type RawSqlDb } from './raw-sql';

/** A Prisma client and how to release its database. */
export type PrismaClientHandle = {
  client: PrismaClient;
  /** Plain SQL on the same database (the same pool, the same PGlite), for hot paths (lib/db/raw-sql.ts). */
  sql: RawSqlDb;
  /** The PostgreSQL pool's connections now; null for PGlite. */
  poolStats(): DatabasePoolStats | null;
  /** Disconnects the client and closes PGlite or the PostgreSQL pool. */
  close(): Promise<void>;
};

/** Creates a Prisma client over the driver adapter for a database target (the configured one by default). */
export function createPrismaClient(target?: DatabaseTarget, options: AdapterFactoryOptions = {}): PrismaClientHandle {
  // Every query the app sends is bounded (a hung server must not hang requests); tests may shorten the bound.
  const adapter = createAdapterFactory(target, { queryTimeoutMs: POSTGRES_QUERY_TIMEOUT_MS, ...options });
  // Audit appends serialise on the chain head, so under load a transaction may wait its turn for
  // longer than Prisma's 2 s default before it starts.
  const client = new PrismaClient({ adapter: adapter.factory, transactionOptions: { maxWait: RAW_SQL_MAX_WAIT_MS, timeout: 15_000 } });
  return {
    client,
    // Its own adapter over the same pool (or the same PGlite): the factory's adapters share what it opened.
    sql: createRawSqlDb(() => adapter.factory.connect()),
    poolStats: adapter.poolStats,
    close: async () => {
      await client.$disconnect();
      await adapter.close();
    },
  };
}
