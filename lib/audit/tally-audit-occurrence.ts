import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { addToAuditCounter, ISSUANCE_WINDOW_MS, type CountedAuditEventInput } from './audit-counters';

type Tally = { input: CountedAuditEventInput; count: number; firstAt: Date; lastAt: Date };

// This process's occurrences not yet added to the shared counters, by action and key.
const tallies = new Map<string, Tally>();

/**
 * Counts a frequent, expected occurrence (a token issued) in this process's memory, with no database work on the
 * caller's path; `drainAuditTallies` (run by every flush) adds the counts to the shared counters, and each window
 * (`ISSUANCE_WINDOW_MS`) ends as one summary event with the count. A process that dies loses at most one flush
 * interval's counts.
 */
export function tallyAuditOccurrence(input: CountedAuditEventInput, now: Date = new Date()): void {
  const id = JSON.stringify([input.action, input.key]);
  const tally = tallies.get(id);
  if (tally) {
    tally.count += 1;
    tally.lastAt = now;
  } else {
    tallies.set(id, { input, count: 1, firstAt: now, lastAt: now });
  }
}

/**
 * Adds this process's tallies to the shared counters, filling in the organisation of a client's occurrences. What
 * cannot be written stays tallied for the next drain.
 */
export async function drainAuditTallies(db: PrismaClient): Promise<void> {
  const drained = [...tallies.entries()];
  tallies.clear();
  if (drained.length === 0) return;
  const clientIds = [...new Set(drained.flatMap(([, tally]) => (tally.input.clientId && tally.input.organisationId === undefined ? [tally.input.clientId] : [])))];
  try {
    const clients = clientIds.length > 0 ? await db.client.findMany({ where: { clientId: { in: clientIds } }, select: { clientId: true, organisationId: true } }) : [];
    const organisations = new Map(clients.map((client) => [client.clientId, client.organisationId]));
    while (drained.length > 0) {
      const [, tally] = drained[0]!;
      const organisationId = tally.input.organisationId ?? (tally.input.clientId ? organisations.get(tally.input.clientId) : undefined);
      await addToAuditCounter(db, { ...tally.input, organisationId }, { count: tally.count, firstAt: tally.firstAt, lastAt: tally.lastAt, windowMs: ISSUANCE_WINDOW_MS });
      drained.shift();
    }
  } finally {
    for (const [id, tally] of drained) {
      const later = tallies.get(id);
      tallies.set(id, later ? { ...tally, count: tally.count + later.count, lastAt: later.lastAt } : tally);
    }
  }
}
