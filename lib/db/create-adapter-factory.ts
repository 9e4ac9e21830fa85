// No `server-only`: the migration scripts run this under tsx in plain Node.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { getDatabaseTarget, type DatabaseTarget } from './get-database-target';
import { OwnerOnlyNodeFS } from './owner-only-node-fs';

/** A driver adapter factory for Prisma, and how to release what it opened. */
export type AdapterFactoryHandle = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  target: DatabaseTarget;
  /** Closes the PGlite instance or the PostgreSQL pool; safe to call twice. */
  close(): Promise<void>;
  /** The PostgreSQL pool's connections now (metrics); null for PGlite, which has one session and no pool. */
  poolStats(): DatabasePoolStats | null;
};

/** A connection pool's connections: open, idle among them, and requests waiting for one. */
export type DatabasePoolStats = { total: number; idle: number; waiting: number };

/** How long opening a PostgreSQL connection (TCP, TLS and start-up) may take before the query fails. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

/**
 * How long one query of the app's Prisma client may take before it fails and its connection is dropped. Generous:
 * the longest legitimate queries are a 500-row audit batch (the CSV export and the chain check read in batches)
 * and a wait for the audit chain head, which Prisma's 15 s transaction timeout gives up on sooner. Migrations go
 * through `applyMigrations`, which opens the factory without a bound: a migration of a large table may take minutes.
 */
export const POSTGRES_QUERY_TIMEOUT_MS = 30_000;

/** Options for `createAdapterFactory`. */
export type AdapterFactoryOptions = {
  /** PostgreSQL only: fail any query still unanswered after this long and close its connection; unset: no bound. */
  queryTimeoutMs?: number;
};

/** Thrown for a query that outlived the query bound; its connection has been closed. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the database did not answer a query within ${timeoutMs} ms; its connection was closed`);
    this.name = 'QueryTimeoutError';
  }
}

// The server's statement_timeout is this share of the query bound, so that a live server's own cancel (SQLSTATE
// 57014, connection kept) arrives before the client gives up on the connection.
const STATEMENT_TIMEOUT_SHARE = 0.9;

type QueryCallback = (error: Error | null | undefined, result?: unknown) => void;

// node-postgres waits for a new connection forever by default: an unreachable database host (packets dropped)
// would hang every request. The bound goes on the connection, not on the pool: the pool's connectionTimeoutMillis
// would also cut the wait for a busy pool, which under load is Prisma's maxWait to decide.
// A server that stops answering on an open connection (stopped, or behind a network black hole) hangs each query
// the same way. node-postgres's query_timeout fails the query but leaves it in flight on the connection, which the
// pool then hands out again with the old answer still to come; so the bound here also closes the connection (the
// pool discards a closed client), and later queries open fresh ones. The server's own statement_timeout, a little
// shorter, makes a slow but live server cancel the work itself and keep the connection.
function createClientClass(queryTimeoutMs: number | undefined): typeof pg.Client {
  return class BoundedClient extends pg.Client {
    constructor(config: pg.ClientConfig = {}) {
      super({
        ...config,
        // A query is written as soon as it is made, not after the one before it is answered: a transaction's last
        // statement and its COMMIT go out together (lib/db/raw-sql.ts). Queries made one after another are unchanged.
        pipeline: true,
        connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
        ...(queryTimeoutMs ? { statement_timeout: Math.floor(queryTimeoutMs * STATEMENT_TIMEOUT_SHARE) } : {}),
      });
    }

    // One override for node-postgres's overloads: (text | config, values?, callback?). Its return type must match
    // every overload's (a promise, void or the submittable itself), which only `any` does.
    override query(config: unknown, valuesOrCallback?: unknown, maybeCallback?: unknown): any {
      // Submittables (cursors, streams) keep their own pace; Prisma sends none.
      const isSubmittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
      if (!queryTimeoutMs || isSubmittable) return super.query(config as never, valuesOrCallback as never, maybeCallback as never);
      const values = typeof valuesOrCallback === 'function' ? undefined : valuesOrCallback;
      let callback = (typeof valuesOrCallback === 'function' ? valuesOrCallback : maybeCallback) as QueryCallback | undefined;
      let result: Promise<unknown> | undefined;
      if (!callback) {
        result = new Promise((resolve, reject) => {
          callback = (error, rows) => (error ? reject(error) : resolve(rows));
        });
      }
      const settle = callback!;
      let isSettled = false;
      const timer = setTimeout(() => {
        isSettled = true;
        settle(new QueryTimeoutError(queryTimeoutMs));
        // end() marks the client as ending (so no 'error' event, and the pool discards it on release);
        // destroying the socket makes that immediate, as a hung server would never answer the goodbye.
        void this.end();
        this.connection.stream.destroy();
      }, queryTimeoutMs);
      try {
        super.query(config as never, values as never, ((error: Error | null, rows: unknown) => {
          if (isSettled) return;
          isSettled = true;
          clearTimeout(timer);
          settle(error, rows);
        }) as never);
      } catch (error) {
        clearTimeout(timer);
        throw error;
      }
      return result;
    }
  };
}

// Conservative identifier rule: the schema name goes into a startup parameter.
const SCHEMA_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Opens the driver adapter factory for a database target (the configured one by default). */
export function createAdapterFactory(target: DatabaseTarget = getDatabaseTarget(), options: AdapterFactoryOptions = {}): AdapterFactoryHandle {
  if (target.kind === 'pglite') {
    // On disk, owner-only: it holds everything, sealed keys included (README, Security).
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
    const pglite = target.dataDir ? new PGlite({ fs: new OwnerOnlyNodeFS(target.dataDir) }) : new PGlite();
    return {
      factory: withWholeScripts(new PrismaPGlite(pglite), async (script) => {
        await pglite.exec(script);
      }),
      target,
      close: async () => {
        if (!pglite.closed) await pglite.close();
      },
      poolStats: () => null,
    };
  }
  const { connectionString, schema } = parsePostgresUrl(target.url);
  // We own the pool (PrismaPg would otherwise make one per connect()) so close() can always end it.
  const pool = new pg.Pool({
    connectionString,
    Client: createClientClass(options.queryTimeoutMs),
    // Unqualified names in migration.sql and in Prisma's own tables resolve through search_path,
    // so a non-default schema must be selected on every connection, not only in generated queries.
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  return {
    factory: withWholeScripts(new PrismaPg(pool, { ...(schema ? { schema } : {}), ...(target.preparedStatements === false ? {} : { statementNameGenerator: createStatementNames() }) }), async (script) => {
      await pool.query(script);
    }),
    target,
    close: async () => {
      if (!pool.ended) await pool.end();
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** How many distinct statements each pool prepares; any beyond are sent unnamed, parsed and planned each time. */
export const MAX_PREPARED_STATEMENTS = 500;

/**
 * Names each statement after a hash of its text, so that node-postgres prepares it once per connection and
 * PostgreSQL then neither parses nor plans it again (a registration's revocation lookup: 0.08 ms of server CPU
 * prepared, against 0.41–0.47 ms unnamed, measured in one run). The app's statements are a fixed set of texts,
 * Prisma's included; past `MAX_PREPARED_STATEMENTS` distinct ones (an unexpected source of varying SQL) the rest
 * go unnamed, so that no connection keeps an unbounded number of prepared statements.
 */
export function createStatementNames(limit = MAX_PREPARED_STATEMENTS): (query: SqlQuery) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined) {
      // An empty name is node-postgres's unnamed statement.
      if (names.size >= limit) return '';
      name = `onboard_${createHash('sha256').update(sql, 'utf8').digest('base64url').slice(0, 32)}`;
      names.set(sql, name);
    }
    return name;
  };
}

// The schema engine applies each migration.sql through `executeScript`, and both adapters get it
// wrong: pglite-prisma-adapter 0.7.2 does not await `exec()` (a failing migration is recorded as
// applied and its error escapes as an unhandled rejection), and @prisma/adapter-pg 7.10 splits the
// script on ";" (breaking literals and $$ bodies) and runs the pieces on any pooled connection.
// Send the whole script as one simple-protocol query instead, as Prisma's native engine does: it
// runs as one implicit transaction, so a failed migration leaves nothing half-applied.
function withWholeScripts(
  factory: SqlMigrationAwareDriverAdapterFactory,
  runScript: (script: string) => Promise<void>,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      adapter.executeScript = async (script) => {
        try {
          await runScript(script);
        } catch (error) {
          throwAsDriverError(adapter, error);
        }
      };
      return adapter;
    },
    // Shadow databases are separate databases (we never use one): left as the adapter made them.
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

// Both adapters turn database errors into Prisma's DriverAdapterError (SQLSTATE, message) in a
// protected onError; reuse it so the engine reports the SQL error rather than an opaque JS one.
function throwAsDriverError(adapter: SqlDriverAdapter, error: unknown): never {
  const { onError } = adapter as SqlDriverAdapter & { onError?: (error: unknown) => never };
  if (typeof onError === 'function') onError.call(adapter, error);
  throw error;
}

/** `?schema=` is Prisma's URL convention; node-postgres does not know it, so it is taken out here (and checked). */
export function parsePostgresUrl(url: string): { connectionString: string; schema?: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !SCHEMA_NAME_PATTERN.test(schema)) {
    throw new Error('DATABASE_URL: "schema" must be a plain identifier (letters, digits, underscore)');
  }
  return { connectionString: parsed.toString(), schema };
}
