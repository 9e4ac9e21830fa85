import 'server-only';
import { getDb } from '@/lib/db';
import { AUDIT_GENESIS_HASH, computeAuditHash } from './compute-audit-hash';

/** Where and how the chain first fails: an event whose content no longer matches its hash, or a missing link. */
export type AuditChainBreak = {
  /** The event that fails, or (when the tail was cut off) the missing event the chain head names. */
  id: bigint;
  /** Null when the event itself is missing. */
  at: Date | null;
  action: string | null;
  reason: 'content changed' | 'chain link broken';
};

/** The outcome of walking the audit chain; `unchained` counts events older than the chain (no hash). */
export type AuditChainVerification =
  | { status: 'intact'; checked: number; unchained: number; lastHash: string }
  | { status: 'broken'; checked: number; unchained: number; brokenAt: AuditChainBreak };

const BATCH_SIZE = 1_000;

/**
 * Recomputes every chained audit event's hash in id order and checks each link and the chain head;
 * reports the first failure. Streams in keyset batches, so memory stays flat however long the trail.
 */
export async function verifyAuditChain(): Promise<AuditChainVerification> {
  const db = getDb();
  // The head is read first and the walk stops at the event it names: events appended while we walk
  // (always with higher ids, under the head lock) are left for the next verification, not misreported.
  const head = await db.auditChain.findUnique({ where: { id: 1 } });
  const bound = head?.lastEventId ?? (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id;
  let checked = 0;
  let unchained = 0;
  let previous: { id: bigint; at: Date; action: string; hash: string } | null = null;
  let cursor = 0n;

  while (bound !== null && cursor < bound) {
    const batch = await db.auditEvent.findMany({ where: { id: { gt: cursor, lte: bound } }, orderBy: { id: 'asc' }, take: BATCH_SIZE });
    if (batch.length === 0) break;
    for (const event of batch) {
      // Events written before the chain existed have neither hash; once it starts, every event must chain.
      if (previous === null && event.hash === null && event.prevHash === null) {
        unchained += 1;
        continue;
      }
      const where = { id: event.id, at: event.at, action: event.action };
      if (event.hash !== computeAuditHash(event.prevHash ?? '', event)) return broken({ ...where, reason: 'content changed' });
      if (event.prevHash !== (previous?.hash ?? AUDIT_GENESIS_HASH)) return broken({ ...where, reason: 'chain link broken' });
      checked += 1;
      previous = { ...where, hash: event.hash };
    }
    cursor = batch[batch.length - 1]!.id;
  }

  const tail = previous ?? { id: null, hash: AUDIT_GENESIS_HASH };
  if (head ? head.lastEventId === tail.id && head.lastHash === tail.hash : previous === null) {
    return { status: 'intact', checked, unchained, lastHash: tail.hash };
  }
  // The head names a later event than the last one left: the tail was deleted.
  if (head?.lastEventId != null && (previous === null || head.lastEventId > previous.id)) {
    return broken({ id: head.lastEventId, at: null, action: null, reason: 'chain link broken' });
  }
  // The head is missing or disagrees with the last event (#0: a head that names no event at all).
  const last = previous ?? { id: 0n, at: null, action: null };
  return broken({ id: last.id, at: last.at, action: last.action, reason: 'chain link broken' });

  function broken(brokenAt: AuditChainBreak): AuditChainVerification {
    return { status: 'broken', checked, unchained, brokenAt };
  }
}
