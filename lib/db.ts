import 'server-only';
import { createPrismaClient, type PrismaClientHandle } from '@/lib/db/create-prisma-client';
import type { DatabasePoolStats } from '@/lib/db/create-adapter-factory';
import type { RawSqlDb } from '@/lib/db/raw-sql';
import type { PrismaClient } from '@/lib/generated/prisma/client';

export { ClientStatus, CreationMethod, Prisma } from '@/lib/generated/prisma/client';
export type {
  Admin,
  AuditEvent,
  Client,
  Organisation,
  PrismaClient,
  ReplayGuard,
  TppUser,
} from '@/lib/generated/prisma/client';

// On globalThis, not in module scope: Next.js dev re-evaluates modules on every edit and may load
// this module once per bundle layer, and a second PGlite on the same data directory would corrupt it.
const globalForDb = globalThis as typeof globalThis & { onboardDb?: PrismaClientHandle };

/** The app's one Prisma client, opened on first use (so `next build` never touches the database). */
export function getDb(): PrismaClient {
  globalForDb.onboardDb ??= createPrismaClient();
  return globalForDb.onboardDb.client;
}

/**
 * The app's database in plain SQL, on the Prisma client's own pool (or PGlite): for the hot paths where Prisma's cost
 * per statement shows (a registration's writes, the authorization server's rows). Everything else uses `getDb()`.
 */
export function getSql(): RawSqlDb {
  globalForDb.onboardDb ??= createPrismaClient();
  return globalForDb.onboardDb.sql;
}

/** The app's PostgreSQL pool's connections now (metrics); null with PGlite or before the database was opened. */
export function getDatabasePoolStats(): DatabasePoolStats | null {
  return globalForDb.onboardDb?.poolStats() ?? null;
}

/** Disconnects the app's Prisma client and closes its database (for shutdown and tests). */
export async function closeDb(): Promise<void> {
  const handle = globalForDb.onboardDb;
  globalForDb.onboardDb = undefined;
  await handle?.close();
}
