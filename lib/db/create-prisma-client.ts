// No `server-only`: scripts (seeding, the launcher) may need a client outside Next.js. The app
// itself uses the one memoised client from `lib/db.ts`.
import { PrismaClient } from '@/lib/generated/prisma/client';
import { createAdapterFactory, POSTGRES_QUERY_TIMEOUT_MS, type AdapterFactoryOptions } from './create-adapter-factory';
import type { DatabaseTarget } from './get-database-target';

/** A Prisma client and how to release its database. */
export type PrismaClientHandle = {
  client: PrismaClient;
  /** Disconnects the client and closes PGlite or the PostgreSQL pool. */
  close(): Promise<void>;
};

/** Creates a Prisma client over the driver adapter for a database target (the configured one by default). */
export function createPrismaClient(target?: DatabaseTarget, options: AdapterFactoryOptions = {}): PrismaClientHandle {
  // Every query the app sends is bounded (a hung server must not hang requests); tests may shorten the bound.
  const adapter = createAdapterFactory(target, { queryTimeoutMs: POSTGRES_QUERY_TIMEOUT_MS, ...options });
  // Audit appends serialise on the chain head, so under load a transaction may wait its turn for
  // longer than Prisma's 2 s default before it starts.
  const client = new PrismaClient({ adapter: adapter.factory, transactionOptions: { maxWait: 15_000, timeout: 15_000 } });
  return {
    client,
    close: async () => {
      await client.$disconnect();
      await adapter.close();
    },
  };
}
