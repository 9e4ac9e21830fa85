import { Redis } from 'ioredis';
import pg from 'pg';
import { parsePostgresUrl } from '@/lib/db/create-adapter-factory';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Where the rate limits' windows are counted: one process's memory, or a store every instance shares. */
export type RateLimitStoreKind = 'memory' | 'postgres' | 'redis';

/** The windows' store, and the limiters counting in it (rate-limiter-flexible: a fixed window of a minute per key). */
export type RateLimitStore = {
  kind: RateLimitStoreKind;
  /** A limiter of `perMinute` requests a minute per key, its keys under `keyPrefix`; one per prefix and limit. */
  limiter(keyPrefix: string, perMinute: number): RateLimiterAbstract;
  /** Resolves once the store answers (Redis connected); until then a Redis store counts in the process alone. */
  ready(): Promise<void>;
  /** Asks the store whether it answers (readiness); throws when it does not. */
  check(): Promise<string>;
  close(): Promise<void>;
};

/** Where the store is: `REDIS_URL` when set, else the PostgreSQL of `DATABASE_URL`, else (PGlite: one process) memory. */
export type RateLimitStoreTarget = { redisUrl: string | null; databaseUrl: string | undefined };

const WINDOW_SECONDS = 60;
// The table of rate-limiter-flexible's PostgreSQL store, made by the migrations (prisma/schema.prisma RateLimitWindow).
const POSTGRES_TABLE = 'rate_limit_windows';

/**
 * Opens the rate limits' store (DESIGN: several instances, one truth). Redis and PostgreSQL are shared by every
 * instance; memory serves the embedded database, which one process owns (several workers need PostgreSQL). Redis
 * falls back to each process's memory while it cannot be reached (rate-limiter-flexible's insurance), so an outage
 * loosens the limit to one per instance rather than refusing or admitting everything.
 */
export function createRateLimitStore(target: RateLimitStoreTarget): RateLimitStore {
  const limiters = new Map<string, RateLimiterAbstract>();
  const cached = (create: (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract) => (keyPrefix: string, perMinute: number) => {
    const name = `${keyPrefix}@${perMinute}`;
    let limiter = limiters.get(name);
    if (limiter === undefined) {
      limiter = create({ keyPrefix, points: perMinute, duration: WINDOW_SECONDS });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  if (target.redisUrl !== null) {
    // No offline queue: a request is not held while Redis is away; the insurance answers instead.
    // Auto-pipelining: the keys of one request, and of concurrent ones, go to Redis in one round trip.
    const client = new Redis(target.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true });
    client.on('error', () => undefined);
    return {
      kind: 'redis',
      limiter: cached((options) => new RateLimiterRedis({ ...options, storeClient: client, insuranceLimiter: new RateLimiterMemory(options) })),
      ready: () => (client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()))),
      check: async () => {
        await client.ping().catch(() => {
          throw new Error('Redis does not answer: each instance counts on its own meanwhile');
        });
        return 'Redis answers';
      },
      close: async () => void (await client.quit().catch(() => client.disconnect())),
    };
  }
  if (target.databaseUrl !== undefined) {
    // In the app's schema (Prisma's `?schema=`), as the migrations made the table.
    const { connectionString, schema } = parsePostgresUrl(target.databaseUrl);
    const pool = new pg.Pool({ connectionString, max: 10 });
    pool.on('error', () => undefined);
    return {
      kind: 'postgres',
      limiter: cached((options) => new RateLimiterPostgres({ ...options, storeClient: pool, storeType: 'pool', tableName: POSTGRES_TABLE, schemaName: schema, tableCreated: true })),
      ready: async () => undefined,
      check: async () => {
        await pool.query('SELECT 1').catch(() => {
          throw new Error('PostgreSQL does not answer');
        });
        return 'PostgreSQL answers';
      },
      close: () => pool.end(),
    };
  }
  return { kind: 'memory', limiter: cached((options) => new RateLimiterMemory(options)), ready: async () => undefined, check: async () => 'in this process', close: async () => undefined };
}
