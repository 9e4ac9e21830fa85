import 'server-only';
import type { RawSql, RawSqlDb } from '@/lib/db/raw-sql';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { getRequestId } from '@/lib/http/get-request-id';
import { AUDIT_GENESIS_HASH, computeAuditHash } from './compute-audit-hash';

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

type ChainHead = { lastHash: string; lastEventId: bigint | null };

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
  // The request that caused the event (the portal's proxy gives every request an id), read before the lock.
  const event = { ...input, requestId: input.requestId ?? (await getRequestId()) };
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

async function appendAuditEvent(tx: RawSql, event: AuditEventInput): Promise<void> {
  const head = await lockChainHead(tx);
  // Taken under the lock so that times never run backwards along the chain; a JS Date has the
  // millisecond precision of TIMESTAMP(3), so the hashed value is exactly the stored one.
  const at = new Date();
  const content = {
    at,
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    action: event.action,
    clientId: event.clientId ?? null,
    organisationId: event.organisationId ?? null,
    details: toStoredDetails(event.details ?? {}),
    requestId: event.requestId ?? null,
  };
  const hash = computeAuditHash(head.lastHash, content);
  // Insert and head update in one statement: every round trip here is spent holding the head lock, which
  // every other append waits on. `at` goes in as UTC wall time, as Prisma writes DateTime to TIMESTAMP(3).
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO "AuditEvent" ("at", "actorType", "actorId", "action", "clientId", "organisationId", "details", "requestId", "prevHash", "hash")
      VALUES ((${at.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${content.actorType}, ${content.actorId}, ${content.action}, ${content.clientId},
              ${content.organisationId}, ${JSON.stringify(content.details)}::jsonb, ${content.requestId}, ${head.lastHash}, ${hash})
      RETURNING id
    )
    UPDATE "AuditChain" SET "lastHash" = ${hash}, "lastEventId" = (SELECT id FROM inserted) WHERE id = 1`;
}

// One head row serialises appends: FOR UPDATE makes concurrent appenders queue (READ COMMITTED then
// re-reads the committed head), so ids, prevHash links and the head agree. On first use the row is
// created with ON CONFLICT DO NOTHING, which waits for a concurrent creator instead of failing.
async function lockChainHead(tx: RawSql): Promise<ChainHead> {
  const [head] = await tx.$queryRaw<ChainHead[]>`SELECT "lastHash", "lastEventId" FROM "AuditChain" WHERE id = 1 FOR UPDATE`;
  if (head) return head;
  await tx.$executeRaw`INSERT INTO "AuditChain" (id, "lastHash", "lastEventId") VALUES (1, ${AUDIT_GENESIS_HASH}, NULL) ON CONFLICT (id) DO NOTHING`;
  const [created] = await tx.$queryRaw<ChainHead[]>`SELECT "lastHash", "lastEventId" FROM "AuditChain" WHERE id = 1 FOR UPDATE`;
  if (!created) throw new Error('audit chain head could not be created');
  return created;
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
