import 'server-only';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { BUDGET_KEY, SUMMARIES_PER_ACTION } from './audit-counters';
import { recordAuditEvent, type AuditActor, type AuditEventInput } from './record-audit-event';

type CounterRow = {
  action: string;
  key: string;
  actorType: AuditActor['type'];
  actorId: string | null;
  clientId: string | null;
  organisationId: string | null;
  details: Prisma.JsonObject;
  count: number;
  recorded: boolean;
  firstAt: Date;
  lastAt: Date;
};

// Rows closed per transaction: the chain head stays locked while their summaries are appended.
const BATCH_SIZE = 200;
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/**
 * Closes the audit counters whose window ended by `now`: deletes them and appends their summaries in one
 * transaction, so each counter is summarised exactly once however many instances flush at once (a row being closed
 * is skipped by the others; an occurrence counted concurrently lands in the row or, after the delete, in a new one).
 * Returns how many events were appended.
 */
export async function closeDueAuditCounters(db: PrismaClient, now: Date): Promise<number> {
  let appended = 0;
  for (;;) {
    const batch = await db.$transaction(async (tx) => {
      const due = await tx.$queryRaw<CounterRow[]>`
        DELETE FROM "AuditCounter" WHERE ("action", "key") IN (
          SELECT "action", "key" FROM "AuditCounter" WHERE "closesAt" <= (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
          ORDER BY "closesAt" LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED)
        RETURNING "action", "key", "actorType", "actorId", "clientId", "organisationId", "details", "count", "recorded", "firstAt", "lastAt"`;
      const summaries = summarise(due);
      for (const summary of summaries) await recordAuditEvent(tx, summary);
      return { closed: due.length, appended: summaries.length };
    }, TRANSACTION_OPTIONS);
    appended += batch.appended;
    if (batch.closed < BATCH_SIZE) return appended;
  }
}

// One summary per counter that says more than its first occurrence did, the largest first; past
// SUMMARIES_PER_ACTION an action's remaining counters (a flood of distinct keys) become one event.
function summarise(rows: CounterRow[]): AuditEventInput[] {
  const byAction = new Map<string, CounterRow[]>();
  for (const row of rows) {
    if (row.key === BUDGET_KEY || (row.recorded && row.count === 1)) continue;
    byAction.set(row.action, [...(byAction.get(row.action) ?? []), row]);
  }
  return [...byAction.entries()].flatMap(([action, counters]) => {
    const ordered = counters.sort((a, b) => b.count - a.count || a.firstAt.getTime() - b.firstAt.getTime());
    const summaries: AuditEventInput[] = ordered.slice(0, SUMMARIES_PER_ACTION).map((row) => ({
      actor: { type: row.actorType, id: row.actorId },
      action,
      clientId: row.clientId,
      organisationId: row.organisationId,
      details: { ...row.details, count: row.count, firstAt: row.firstAt.toISOString(), lastAt: row.lastAt.toISOString() },
    }));
    const rest = ordered.slice(SUMMARIES_PER_ACTION);
    if (rest.length > 0) {
      summaries.push({
        actor: { type: 'system' },
        action,
        details: {
          folded: rest.length,
          count: rest.reduce((sum, row) => sum + row.count, 0),
          firstAt: new Date(Math.min(...rest.map((row) => row.firstAt.getTime()))).toISOString(),
          lastAt: new Date(Math.max(...rest.map((row) => row.lastAt.getTime()))).toISOString(),
        },
      });
    }
    return summaries;
  });
}
