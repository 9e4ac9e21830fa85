import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb, type AuditEvent } from '@/lib/db';
import { buildAuditEventWhere, type AuditEventFilters } from './build-audit-event-where';
import { formatCsvRow } from './format-csv-row';
import { recordAuditEvent } from './record-audit-event';

const COLUMNS = ['id', 'at', 'actor_type', 'actor_id', 'action', 'client_id', 'organisation_id', 'request_id', 'details', 'prev_hash', 'hash'];
const BATCH_SIZE = 500;

/**
 * Audits the export (`audit.exported`, with the filters) and streams the matching events as CSV, oldest
 * first, a keyset batch per pull (the first one read before the stream is returned): nothing is held between pulls, so a large export stays small in memory.
 */
export async function exportAuditCsv(admin: AdminActor, filters: AuditEventFilters): Promise<ReadableStream<Uint8Array>> {
  const db = getDb();
  const where = await buildAuditEventWhere(filters);
  await recordAuditEvent(db, { actor: { type: 'admin', id: admin.id }, action: 'audit.exported', details: { filters: describeFilters(filters) } });
  // Fixed at the start (and including the export's own event), so the file is the trail as of this moment.
  const bound = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
  const encoder = new TextEncoder();
  let cursor = 0n;
  const nextBatch = async (): Promise<Uint8Array | null> => {
    const batch = await db.auditEvent.findMany({ where: { AND: [where, { id: { gt: cursor, lte: bound } }] }, orderBy: { id: 'asc' }, take: BATCH_SIZE });
    if (batch.length === 0) return null;
    cursor = batch[batch.length - 1]!.id;
    return encoder.encode(batch.map(toCsvRow).join(''));
  };
  // The first batch is read before the answer starts, so a query the database refuses is an error response, not a
  // 200 whose file stops after its header.
  const first = await nextBatch();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(formatCsvRow(COLUMNS)));
      if (first) controller.enqueue(first);
      else controller.close();
    },
    async pull(controller) {
      const rows = await nextBatch();
      if (rows) controller.enqueue(rows);
      else controller.close();
    },
  });
}

function toCsvRow(event: AuditEvent): string {
  return formatCsvRow([
    event.id.toString(),
    event.at.toISOString(),
    event.actorType,
    event.actorId,
    event.action,
    event.clientId,
    event.organisationId,
    event.requestId,
    JSON.stringify(event.details),
    event.prevHash,
    event.hash,
  ]);
}

function describeFilters(filters: AuditEventFilters): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined) described[key] = value instanceof Date ? value.toISOString() : value;
  }
  return described;
}
