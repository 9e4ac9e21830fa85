import 'server-only';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { toStoredDetails, type AuditEventInput } from './record-audit-event';

/** How long a refusal's counter stays open: its first occurrence is appended at once, the rest summed until then. */
export const REFUSAL_WINDOW_MS = 60_000;
/** How long a token issuance counter stays open: one summary per client, certificate and scope per window. */
export const ISSUANCE_WINDOW_MS = 15 * 60_000;
/** First occurrences appended at once per action and window; beyond it (a flood of new keys) they wait for the summary. */
export const FIRST_OCCURRENCE_BUDGET = 20;
/** Summaries per action and flush; the rest of a flood's keys are folded into one more event. */
export const SUMMARIES_PER_ACTION = 25;

/** The key of an action's budget row: no parts (every occurrence's key has at least one). */
export const BUDGET_KEY = '[]';

/**
 * An occurrence to count: the event its summary will be, and `key`, what occurrences counted together share besides
 * the action (the target client, the actor, the address). The first occurrence's event is what the summary repeats.
 */
export type CountedAuditEventInput = Omit<AuditEventInput, 'requestId'> & { key: readonly (string | null | undefined)[] };

/** Writes that callers did not wait for (the token endpoint's); a flush settles them first, so it sees their counts. */
export const pendingAuditWrites = new Set<Promise<unknown>>();

/** Runs a counter write, remembered until it settles; failures are the caller's to report. */
export function trackAuditWrite<T>(write: Promise<T>): Promise<T> {
  pendingAuditWrites.add(write);
  void write.finally(() => pendingAuditWrites.delete(write)).catch(() => undefined);
  return write;
}

/**
 * Adds `count` occurrences to the event's counter, opening it (for `windowMs` from `at`) when there is none: one
 * statement (INSERT … ON CONFLICT DO UPDATE), so concurrent instances add to one row. Returns the row as it now is.
 */
export async function addToAuditCounter(
  db: Prisma.TransactionClient | PrismaClient,
  input: CountedAuditEventInput,
  occurrences: { count: number; firstAt: Date; lastAt: Date; windowMs: number },
): Promise<{ key: string; count: number; firstAt: Date }> {
  const key = toCounterKey(input.key);
  const row = await db.auditCounter.upsert({
    where: { action_key: { action: input.action, key } },
    create: {
      action: input.action,
      key,
      actorType: input.actor.type,
      actorId: input.actor.id ?? null,
      clientId: input.clientId ?? null,
      organisationId: input.organisationId ?? null,
      details: toStoredDetails(input.details ?? {}),
      count: occurrences.count,
      firstAt: occurrences.firstAt,
      lastAt: occurrences.lastAt,
      closesAt: new Date(occurrences.firstAt.getTime() + occurrences.windowMs),
    },
    update: { count: { increment: occurrences.count }, lastAt: occurrences.lastAt },
    select: { count: true, firstAt: true },
  });
  return { key, ...row };
}

// JSON of the parts, each made storable (text refuses NUL) and capped: parts can be what a caller claimed.
function toCounterKey(parts: CountedAuditEventInput['key']): string {
  const stored = toStoredDetails({ parts: parts.map((part) => (part === null || part === undefined ? null : part.slice(0, 200))) }).parts;
  return JSON.stringify(stored);
}
