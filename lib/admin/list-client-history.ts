import 'server-only';
import { getDb } from '@/lib/db';

/** One event in a client's history, with the admin's name when an admin acted. */
export type ClientHistoryEntry = {
  id: string;
  at: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  /** The admin's name or email, when the actor is a known admin. */
  actorName: string | null;
  reason: string | null;
  details: Record<string, unknown>;
};

/** Everything the audit trail records about one client (by OAuth client id), oldest first: registration, edits and admin decisions. */
export async function listClientHistory(clientId: string): Promise<ClientHistoryEntry[]> {
  const events = await getDb().auditEvent.findMany({ where: { clientId }, orderBy: { id: 'asc' }, take: 500 });
  const adminIds = [...new Set(events.filter((event) => event.actorType === 'admin' && event.actorId).map((event) => event.actorId as string))];
  const admins = adminIds.length === 0 ? [] : await getDb().admin.findMany({ where: { id: { in: adminIds } }, select: { id: true, name: true, email: true } });
  const names = new Map(admins.map((admin) => [admin.id, admin.name ?? admin.email]));
  return events.map((event) => {
    const details = isRecord(event.details) ? event.details : {};
    return {
      id: event.id.toString(),
      at: event.at,
      action: event.action,
      actorType: event.actorType,
      actorId: event.actorId,
      actorName: event.actorId ? (names.get(event.actorId) ?? null) : null,
      reason: typeof details.reason === 'string' ? details.reason : null,
      details,
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
