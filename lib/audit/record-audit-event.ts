import 'server-only';
import type { RawSql, RawSqlDb, RawSqlTransaction, SqlValue } from '@/lib/db/raw-sql';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { getRequestId } from '@/lib/http/get-request-id';
import { AUDIT_GENESIS_HASH, canonicalAuditContent } from './compute-audit-hash';

/** Who did something, as the audit trail names them. */
export type AuditActor = { type: 'tpp_user' | 'admin' | 'client' | 'system' | 'anonymous'; id?: string | null };

/** One audit event; `details` must never hold a token, key or secret. */
export type AuditEventInput = {
  actor: AuditActor;
  action: string;
  clientId?: string | null;
  organisationId?: string | null;
  details?: Prisma.InputJsonObject;
  requestId?: string | null;
};

// Only for a call on the root client: 500 concurrent registrations queue on the head lock and the pool,
// and Prisma's defaults (2 s to start, 5 s to finish) would turn that queue into lost audit events.
const ROOT_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/**
 * Where an event is appended: a transaction (Prisma's or plain SQL's, lib/db/raw-sql.ts), in which it takes part, or
 * a root client (Prisma's or plain SQL's), on which it runs a transaction of its own.
 */
export type AuditDb = PrismaClient | RawSqlDb | RawSql;

/**
 * Appends an event to the hash-chained audit trail inside the caller's transaction (or in a transaction of
 * its own on a root client). The chain head stays locked until that transaction ends, so call it last.
 */
export async function recordAuditEvent(db: AuditDb, input: AuditEventInput): Promise<void> {
  const event = await withRequestId(input);
  // Only the root client has `$connect` (Prisma's ITXClientDenyList hides it from transaction clients);
  // `$transaction` cannot tell them apart, since Prisma 7.5 transaction clients have it too (as savepoints,
  // which the PGlite adapter lacks). Either way the head lock, the insert and the head update commit together.
  if ('$connect' in db) {
    await db.$transaction((tx) => appendAuditEvent(tx, event), ROOT_TRANSACTION_OPTIONS);
    return;
  }
  if ('transaction' in db) {
    await db.transaction((tx) => appendAuditEvent(tx, event));
    return;
  }
  await appendAuditEvent(db, event);
}

/**
 * Appends an event as its transaction's last statement, committing with it (`$executeRawThenCommit`): the chain head
 * is locked for the append and the commit only, not also for a round trip through this process, which on the
 * registration's hot path was most of the time registrations queued on it. The head exists from the migrations on;
 * were it gone (deleted), the transaction would already have committed without the event, which is then appended in
 * a transaction of its own on `root`, creating the head again.
 */
export async function recordAuditEventThenCommit(tx: RawSqlTransaction, root: RawSqlDb, input: AuditEventInput): Promise<void> {
  const event = await withRequestId(input);
  if (await runAppend(event, (strings, ...values) => tx.$executeRawThenCommit(strings, ...values))) return;
  console.error('[audit] the audit chain had no head: an event was appended after its transaction committed');
  await root.transaction((own) => appendAuditEvent(own, event));
}

// The request that caused the event (the portal's proxy gives every request an id), read before the lock.
async function withRequestId(input: AuditEventInput): Promise<AuditEventInput> {
  return { ...input, requestId: input.requestId ?? (await getRequestId()) };
}

// In the caller's transaction. On first use the head is created with ON CONFLICT DO NOTHING (which waits for a
// concurrent creator) and the append runs again.
async function appendAuditEvent(tx: RawSql, event: AuditEventInput): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    if (await runAppend(event, (strings, ...values) => tx.$executeRaw(strings, ...values))) return;
    await tx.$executeRaw`INSERT INTO "AuditChain" (id, "lastHash", "lastEventId") VALUES (1, ${AUDIT_GENESIS_HASH}, NULL) ON CONFLICT (id) DO NOTHING`;
  }
  throw new Error('audit chain head could not be created');
}

// One statement, so that the chain head is locked for as short a time as can be: it locks the head, hashes the event
// there exactly as computeAuditHash does (SHA-256 over the UTF-8 of prevHash and the canonical JSON, whose time the
// database writes as toISOString() would), inserts it and moves the head. Appenders queue on the head's row lock;
// READ COMMITTED then re-reads the committed head, so ids, prevHash links and the head agree. The event's time is the
// caller's clock, but never earlier than the event before it, so that times never run backwards along the chain (not
// even across hosts whose clocks differ).
// It answers false if there was no chain head to append to (nothing was written).
async function runAppend(event: AuditEventInput, execute: (strings: TemplateStringsArray, ...values: SqlValue[]) => Promise<number>): Promise<boolean> {
  const content = {
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    action: event.action,
    clientId: event.clientId ?? null,
    organisationId: event.organisationId ?? null,
    details: toStoredDetails(event.details ?? {}),
    requestId: event.requestId ?? null,
  };
  const { before, after } = canonicalAuditContent(content);
  const appended = await execute`
    WITH head AS (SELECT "lastHash", "lastEventId" FROM "AuditChain" WHERE id = 1 FOR UPDATE),
    timed AS (
      SELECT head."lastHash" AS "prevHash", GREATEST(${new Date()}::timestamp(3), last.at) AS at
      FROM head LEFT JOIN "AuditEvent" AS last ON last.id = head."lastEventId"),
    event AS (
      SELECT timed.*, encode(sha256(convert_to(timed."prevHash" || ${before}::text || to_char(timed.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ${after}::text, 'UTF8')), 'hex') AS hash
      FROM timed),
    inserted AS (
      INSERT INTO "AuditEvent" ("at", "actorType", "actorId", "action", "clientId", "organisationId", "details", "requestId", "prevHash", "hash")
      SELECT event.at, ${content.actorType}::text, ${content.actorId}::text, ${content.action}::text, ${content.clientId}::text, ${content.organisationId}::text,
             ${JSON.stringify(content.details)}::jsonb, ${content.requestId}::text, event."prevHash", event.hash
      FROM event
      RETURNING id, hash)
    UPDATE "AuditChain" SET "lastHash" = inserted.hash, "lastEventId" = inserted.id FROM inserted WHERE "AuditChain".id = 1`;
  return appended === 1;
}

/**
 * The details exactly as jsonb will give them back (what the hash must cover): Prisma stores JSON.stringify's
 * output, and PostgreSQL refuses NUL and unpaired surrogates in jsonb, which would lose the event.
 */
export function toStoredDetails(details: Prisma.InputJsonObject): Prisma.JsonObject {
  return JSON.parse(JSON.stringify(details), (_key, value: unknown) => (typeof value === 'string' ? toStorableString(value) : value)) as Prisma.JsonObject;
}

function toStorableString(value: string): string {
  return value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
