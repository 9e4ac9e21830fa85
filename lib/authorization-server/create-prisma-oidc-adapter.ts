import 'server-only';
import { createHash } from 'node:crypto';
import { isStorableText } from '@/lib/db/is-storable-text';
import type { RawSql } from '@/lib/db/raw-sql';
import type { OidcAdapter, OidcPayload } from './oidc-provider-types';

/** oidc-provider's model name for clients: the rows Onboard provisions. */
export const EMBEDDED_CLIENT_KIND = 'Client';

/**
 * The database the adapter writes to, in raw SQL only: the app's plain SQL (`getSql()`), its Prisma client, or the
 * transaction of a client change (provisioning), whichever of the two opened it.
 */
export type OidcAdapterDb = RawSql;

/** Options of `createPrismaOidcAdapter`; `now` is injectable so that tests can move the clock. */
export type PrismaOidcAdapterOptions = {
  now?: () => Date;
  /**
   * Whether its writes delete expired rows now and then (default true). The authorization server's own adapter does;
   * one made for a single write inside a client change's transaction must not: made anew each time, it would run
   * the delete on every change, and lock the expired rows concurrent changes then wait for.
   */
  pruneExpired?: boolean;
};

/** oidc-provider's adapter, plus an atomic insert-if-absent for seen assertion ids. */
export type PrismaOidcAdapter = OidcAdapter & {
  /**
   * Stores `payload` under `id` unless a live row holds it already: true for the first claim. Of concurrent
   * claims exactly one wins (the primary key decides); an expired claim may be taken over.
   */
  claim(id: string, payload: OidcPayload, expiresIn: number): Promise<boolean>;
};

/** The adapter factory oidc-provider's `adapter` configuration takes: one adapter per model name. */
export type PrismaOidcAdapterFactory = (kind: string) => PrismaOidcAdapter;

type Row = { payload: OidcPayload; id: string; consumed: number | null };

// Expired rows read as absent at once; they are deleted at most this often per adapter factory.
const PRUNE_INTERVAL_MS = 10 * 60_000;
// The latest expiry a timestamp(3) column holds comfortably; a later one (an assertion "exp" in the year 10000) is
// kept until then instead: never forgotten earlier than asked.
const LATEST_EXPIRY_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Creates oidc-provider's adapter on the `AuthorizationServerPayload` table (one row per kind and id; never the
 * memory adapter, which forgets on restart and is per process). Ids other than client ids are stored as their
 * SHA-256 and the token value is left out of the payload, so that the table holds no usable token (STYLE: store a
 * hash). A token is stored only while its client's row exists, under a share lock on that row, so that a token
 * issued while its client is deprovisioned cannot outlive the deprovisioning (OB-RULES token endpoint: tokens stop
 * working at once).
 */
export function createPrismaOidcAdapter(prisma: OidcAdapterDb, options: PrismaOidcAdapterOptions = {}): PrismaOidcAdapterFactory {
  const now = options.now ?? (() => new Date());
  let prunedAt: number | undefined;

  const pruneOccasionally = async (at: Date): Promise<void> => {
    if (options.pruneExpired === false) return;
    if (prunedAt !== undefined && Math.abs(at.getTime() - prunedAt) < PRUNE_INTERVAL_MS) return;
    prunedAt = at.getTime();
    await prisma.$executeRaw`DELETE FROM "AuthorizationServerPayload" WHERE "expiresAt" <= (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  };

  return (kind) => {
    const isClient = kind === EMBEDDED_CLIENT_KIND;
    const storedId = (id: string): string | null => {
      if (!isClient) return createHash('sha256').update(id, 'utf8').digest('base64url');
      // A client id PostgreSQL text cannot hold (NUL, a lone surrogate) names no client; the query would fail.
      return isStorableText(id) ? id : null;
    };
    // The token value is the id: kept out of the stored payload, given back on find. Sessions and device codes are
    // found by uid or user code, without their id, so they keep theirs (this deployment issues neither).
    const toStored = (id: string, payload: OidcPayload): OidcPayload => {
      if (isClient || payload.jti !== id || payload.uid !== undefined || payload.userCode !== undefined) return payload;
      const { jti: _omitted, ...rest } = payload;
      return rest;
    };
    const fromRow = (row: Row | undefined, id?: string): OidcPayload | undefined => {
      if (row === undefined) return undefined;
      const payload: OidcPayload = { ...row.payload };
      if (id !== undefined && !isClient && payload.jti === undefined) payload.jti = id;
      if (row.consumed !== null) payload.consumed = Math.floor(row.consumed);
      return payload;
    };
    const expiry = (expiresIn: number | undefined, at: Date): string | null => {
      if (expiresIn === undefined || !Number.isFinite(expiresIn)) return null;
      return new Date(Math.min(at.getTime() + expiresIn * 1000, LATEST_EXPIRY_MS)).toISOString();
    };
    const live = (at: Date) => at.toISOString();

    return {
      async upsert(id, payload, expiresIn) {
        const key = storedId(id);
        if (key === null) throw new TypeError('the client id cannot be stored');
        const at = now();
        const stored = JSON.stringify(toStored(id, payload));
        const expiresAt = expiry(expiresIn, at);
        const grantId = typeof payload.grantId === 'string' ? payload.grantId : null;
        const uid = typeof payload.uid === 'string' ? payload.uid : null;
        const userCode = typeof payload.userCode === 'string' ? payload.userCode : null;
        const tokenClientId = !isClient && typeof payload.clientId === 'string' ? payload.clientId : null;
        if (tokenClientId !== null) {
          // FOR SHARE: deprovisioning deletes the client row first and waits for this insert, so its token delete
          // then sees this token; an insert after the client row is gone stores nothing, and fails below.
          const count = await prisma.$executeRaw`
            INSERT INTO "AuthorizationServerPayload" (kind, id, payload, "clientId", "grantId", uid, "userCode", "expiresAt", "consumedAt")
            SELECT ${kind}::text, ${key}::text, ${stored}::jsonb, ${tokenClientId}::text, ${grantId}::text, ${uid}::text, ${userCode}::text,
                   (${expiresAt}::timestamptz AT TIME ZONE 'UTC'), NULL::timestamp(3)
            FROM "AuthorizationServerPayload" AS client
            WHERE client.kind = ${EMBEDDED_CLIENT_KIND} AND client.id = ${tokenClientId}
            FOR SHARE
            ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, "clientId" = EXCLUDED."clientId", "grantId" = EXCLUDED."grantId",
              uid = EXCLUDED.uid, "userCode" = EXCLUDED."userCode", "expiresAt" = EXCLUDED."expiresAt", "consumedAt" = NULL`;
          if (count === 0) throw new Error(`a ${kind} was not stored: its client is not provisioned`);
        } else {
          const clientId = isClient ? id : null;
          await prisma.$executeRaw`
            INSERT INTO "AuthorizationServerPayload" (kind, id, payload, "clientId", "grantId", uid, "userCode", "expiresAt", "consumedAt")
            VALUES (${kind}, ${key}, ${stored}::jsonb, ${clientId}::text, ${grantId}::text, ${uid}::text, ${userCode}::text,
                    (${expiresAt}::timestamptz AT TIME ZONE 'UTC'), NULL)
            ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, "clientId" = EXCLUDED."clientId", "grantId" = EXCLUDED."grantId",
              uid = EXCLUDED.uid, "userCode" = EXCLUDED."userCode", "expiresAt" = EXCLUDED."expiresAt", "consumedAt" = NULL`;
        }
        await pruneOccasionally(at);
      },

      async find(id) {
        const key = storedId(id);
        if (key === null) return undefined;
        const rows = await prisma.$queryRaw<Row[]>`
          SELECT payload, id, EXTRACT(EPOCH FROM "consumedAt")::float8 AS consumed FROM "AuthorizationServerPayload"
          WHERE kind = ${kind} AND id = ${key}
            AND ("expiresAt" IS NULL OR "expiresAt" > (${live(now())}::timestamptz AT TIME ZONE 'UTC'))`;
        return fromRow(rows[0], id);
      },

      async findByUid(uid) {
        const rows = await prisma.$queryRaw<Row[]>`
          SELECT payload, id, EXTRACT(EPOCH FROM "consumedAt")::float8 AS consumed FROM "AuthorizationServerPayload"
          WHERE kind = ${kind} AND uid = ${uid}
            AND ("expiresAt" IS NULL OR "expiresAt" > (${live(now())}::timestamptz AT TIME ZONE 'UTC'))
          LIMIT 1`;
        return fromRow(rows[0]);
      },

      async findByUserCode(userCode) {
        const rows = await prisma.$queryRaw<Row[]>`
          SELECT payload, id, EXTRACT(EPOCH FROM "consumedAt")::float8 AS consumed FROM "AuthorizationServerPayload"
          WHERE kind = ${kind} AND "userCode" = ${userCode}
            AND ("expiresAt" IS NULL OR "expiresAt" > (${live(now())}::timestamptz AT TIME ZONE 'UTC'))
          LIMIT 1`;
        return fromRow(rows[0]);
      },

      async consume(id) {
        const key = storedId(id);
        if (key === null) return;
        await prisma.$executeRaw`
          UPDATE "AuthorizationServerPayload" SET "consumedAt" = (${live(now())}::timestamptz AT TIME ZONE 'UTC')
          WHERE kind = ${kind} AND id = ${key}`;
      },

      async destroy(id) {
        const key = storedId(id);
        if (key === null) return;
        await prisma.$executeRaw`DELETE FROM "AuthorizationServerPayload" WHERE kind = ${kind} AND id = ${key}`;
      },

      async revokeByGrantId(grantId) {
        await prisma.$executeRaw`DELETE FROM "AuthorizationServerPayload" WHERE "grantId" = ${grantId}`;
      },

      async claim(id, payload, expiresIn) {
        const key = storedId(id);
        if (key === null) throw new TypeError('the id cannot be stored');
        const at = now();
        const stored = JSON.stringify(toStored(id, payload));
        // Insert-if-absent, or take over an expired row: the row lock serialises concurrent takers and each
        // re-reads the expiry, so exactly one of concurrent claims counts a row.
        const count = await prisma.$executeRaw`
          INSERT INTO "AuthorizationServerPayload" (kind, id, payload, "expiresAt")
          VALUES (${kind}, ${key}, ${stored}::jsonb, (${expiry(expiresIn, at)}::timestamptz AT TIME ZONE 'UTC'))
          ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, "expiresAt" = EXCLUDED."expiresAt", "consumedAt" = NULL
          WHERE "AuthorizationServerPayload"."expiresAt" <= (${live(at)}::timestamptz AT TIME ZONE 'UTC')`;
        await pruneOccasionally(at);
        return count === 1;
      },
    };
  };
}
