import type pg from 'pg';

import type { OidcAdapter, OidcPayload } from '../../lib/authorization-server/oidc-provider-types';

/**
 * The peer's table: the columns and indexes of the product's `AuthorizationServerPayload` (one row per model and id,
 * JSONB payload), in the peer's own schema, so that a token costs the peer the same row and index writes.
 */
export const PEER_PAYLOAD_TABLE_DDL = `
  CREATE TABLE "OidcPayload" (
    kind text NOT NULL,
    id text NOT NULL,
    payload jsonb NOT NULL,
    "clientId" text,
    "grantId" text,
    uid text,
    "userCode" text,
    "expiresAt" timestamp(3),
    "consumedAt" timestamp(3),
    PRIMARY KEY (kind, id)
  );
  CREATE INDEX ON "OidcPayload" ("clientId");
  CREATE INDEX ON "OidcPayload" ("grantId");
  CREATE INDEX ON "OidcPayload" ("expiresAt");
`;

type Row = { payload: OidcPayload; consumed: number | null };

const COLUMNS = `payload, EXTRACT(EPOCH FROM "consumedAt")::float8 AS consumed`;
const LIVE = `("expiresAt" IS NULL OR "expiresAt" > now() AT TIME ZONE 'UTC')`;

/**
 * The benchmark peer's oidc-provider adapter: the shape of oidc-provider's documented example adapters, one
 * parameterised `pg` query per call, ids stored as given. What the product's Prisma adapter adds (Prisma's query
 * engine, hashed ids, the client-row share lock, pruning) is the product's cost, which the comparison is to show.
 */
export function createPeerOidcAdapter(pool: pg.Pool): (kind: string) => OidcAdapter {
  return (kind) => {
    const findWhere = async (where: string, value: string): Promise<OidcPayload | undefined> => {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM "OidcPayload" WHERE kind = $1 AND ${where} = $2 AND ${LIVE} LIMIT 1`, [kind, value]);
      const row = rows[0];
      if (row === undefined) return undefined;
      return row.consumed === null ? row.payload : { ...row.payload, consumed: Math.floor(row.consumed) };
    };
    return {
      async upsert(id, payload, expiresIn) {
        const expiresAt = expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000).toISOString();
        await pool.query(
          `INSERT INTO "OidcPayload" (kind, id, payload, "clientId", "grantId", uid, "userCode", "expiresAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7, ($8::timestamptz AT TIME ZONE 'UTC'))
           ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, "clientId" = EXCLUDED."clientId", "grantId" = EXCLUDED."grantId",
             uid = EXCLUDED.uid, "userCode" = EXCLUDED."userCode", "expiresAt" = EXCLUDED."expiresAt", "consumedAt" = NULL`,
          [kind, id, JSON.stringify(payload), payload.clientId ?? null, payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresAt],
        );
      },
      find: (id) => findWhere('id', id),
      findByUid: (uid) => findWhere('uid', uid),
      findByUserCode: (userCode) => findWhere('"userCode"', userCode),
      async consume(id) {
        await pool.query(`UPDATE "OidcPayload" SET "consumedAt" = now() AT TIME ZONE 'UTC' WHERE kind = $1 AND id = $2`, [kind, id]);
      },
      async destroy(id) {
        await pool.query(`DELETE FROM "OidcPayload" WHERE kind = $1 AND id = $2`, [kind, id]);
      },
      async revokeByGrantId(grantId) {
        await pool.query(`DELETE FROM "OidcPayload" WHERE "grantId" = $1`, [grantId]);
      },
    };
  };
}
