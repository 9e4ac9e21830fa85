import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { addToAuditCounter, FIRST_OCCURRENCE_BUDGET, REFUSAL_WINDOW_MS, trackAuditWrite, type CountedAuditEventInput } from './audit-counters';
import { closeDueAuditCounters } from './close-due-audit-counters';
import { recordAuditEvent } from './record-audit-event';

// A process that records refusals also closes the counters that are due, at most this often (the API host flushes
// every few seconds as well): a summary never waits for the next refusal of the same kind.
const CLOSE_INTERVAL_MS = 5_000;
let lastClosedAt = 0;

/**
 * Records a refusal an attacker could repeat at will (a failed client authentication, a refused access), counted
 * rather than appended each time: the first occurrence per action and key in a window is appended at once (with
 * `firstInWindow: true`; at most `FIRST_OCCURRENCE_BUDGET` per action and window), and when the window closes one
 * summary event carries the count of all of them (lib/audit/flush-audit-counters.ts). Costs one upsert, plus the
 * append for a first occurrence; shared by every instance through the database.
 */
export function recordAuditRefusal(db: PrismaClient, input: CountedAuditEventInput, options: { now?: Date } = {}): Promise<void> {
  return trackAuditWrite(countRefusal(db, input, options.now ?? new Date()));
}

async function countRefusal(db: PrismaClient, input: CountedAuditEventInput, now: Date): Promise<void> {
  const counter = await addToAuditCounter(db, input, { count: 1, firstAt: now, lastAt: now, windowMs: REFUSAL_WINDOW_MS });
  if (counter.count === 1) await appendFirstOccurrence(db, input, counter, now);
  if (now.getTime() - lastClosedAt >= CLOSE_INTERVAL_MS) {
    lastClosedAt = now.getTime();
    await closeDueAuditCounters(db, now);
  }
}

async function appendFirstOccurrence(db: PrismaClient, input: CountedAuditEventInput, counter: { key: string; firstAt: Date }, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const budget = await addToAuditCounter(
      tx,
      { actor: { type: 'system' }, action: input.action, key: [] },
      { count: 1, firstAt: now, lastAt: now, windowMs: REFUSAL_WINDOW_MS },
    );
    if (budget.count > FIRST_OCCURRENCE_BUDGET) return;
    // Only this window's row (a flush may have closed it and a new one opened since): its summary need not repeat it.
    await tx.auditCounter.updateMany({ where: { action: input.action, key: counter.key, firstAt: counter.firstAt }, data: { recorded: true } });
    const { key: _key, ...event } = input;
    await recordAuditEvent(tx, { ...event, details: { ...input.details, firstInWindow: true } });
  });
}
