import 'server-only';
import { getDb, type AuditEvent } from '@/lib/db';
import { buildAuditEventWhere, type AuditEventFilters } from './build-audit-event-where';

/** An audit event as the admin console lists it, with its organisation's name when it has one. */
export type AuditEventRow = AuditEvent & { organisationName: string | null };

/** One page of the audit trail, newest first; `nextCursor` is the `before` of the next (older) page. */
export type AuditEventPage = { events: AuditEventRow[]; nextCursor: bigint | null };

/** Lists audit events matching the filters, newest first, a page at a time (keyset on id, so deep pages stay fast). */
export async function listAuditEvents(filters: AuditEventFilters, page: { before?: bigint | null; size?: number } = {}): Promise<AuditEventPage> {
  const size = page.size ?? 50;
  const where = await buildAuditEventWhere(filters);
  const rows = await getDb().auditEvent.findMany({
    where: page.before ? { AND: [where, { id: { lt: page.before } }] } : where,
    orderBy: { id: 'desc' },
    // One more than a page tells whether an older page exists without counting.
    take: size + 1,
  });
  const events = rows.slice(0, size);
  const organisationIds = [...new Set(events.flatMap((event) => (event.organisationId ? [event.organisationId] : [])))];
  const organisations = organisationIds.length
    ? await getDb().organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(organisations.map((organisation) => [organisation.id, organisation.name]));
  return {
    events: events.map((event) => ({ ...event, organisationName: event.organisationId ? (names.get(event.organisationId) ?? null) : null })),
    nextCursor: rows.length > size ? events[events.length - 1]!.id : null,
  };
}
