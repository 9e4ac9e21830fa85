import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { pendingAuditWrites } from './audit-counters';
import { closeDueAuditCounters } from './close-due-audit-counters';
import { drainAuditTallies } from './tally-audit-occurrence';

/**
 * Brings counted audit occurrences into the trail: waits for this process's counter writes in flight, adds its
 * tallies to the shared counters, then appends one summary event per counter whose window closed by `now` (default:
 * the present). The API host runs it every few seconds and when it stops. Returns how many events were appended.
 */
export async function flushAuditCounters(db: PrismaClient, options: { now?: Date } = {}): Promise<number> {
  await Promise.allSettled([...pendingAuditWrites]);
  await drainAuditTallies(db);
  return closeDueAuditCounters(db, options.now ?? new Date());
}
