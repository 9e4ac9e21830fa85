// DESIGN, several instances, one truth: a rate limit holds across instances. Each "instance" here is a store of its
// own (its own PostgreSQL pool, its own Redis connection), as each API host process opens one; N+k requests spread
// over three of them → exactly k refused. PostgreSQL is a private server with the migrations' table; Redis is the
// machine's (127.0.0.1:6379), under a key prefix of this run's own.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/testing/start-private-postgres';
import { createRateLimitStore, type RateLimitStore, type RateLimitStoreTarget } from './create-rate-limit-store';

const REDIS_URL = 'redis://127.0.0.1:6379';
const LIMIT = 7;
const EXTRA = 5;

let postgres: PrivatePostgres;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  // The table as the migrations make it, not as the library would.
  const migrations = path.join(process.cwd(), 'prisma', 'migrations');
  const folder = (await readdir(migrations)).find((name) => name.endsWith('_rate_limit_windows'));
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(await readFile(path.join(migrations, folder as string, 'migration.sql'), 'utf8'));
  await client.end();
}, 60_000);
afterAll(() => postgres?.dispose());

/** What each of `count` requests for one key got, spread round-robin over the stores, all at once. */
async function spread(stores: RateLimitStore[], keyPrefix: string, key: string, count: number) {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, (_, index) => (stores[index % stores.length] as RateLimitStore).limiter(keyPrefix, LIMIT).consume(key)));
  return outcomes.map((outcome) => {
    if (outcome.status === 'fulfilled') return 'allowed';
    if (outcome.reason instanceof RateLimiterRes) return 'refused';
    throw outcome.reason;
  });
}

describe.each([
  ['PostgreSQL', 'postgres', () => ({ redisUrl: null, databaseUrl: postgres.url })],
  ['Redis', 'redis', () => ({ redisUrl: REDIS_URL, databaseUrl: undefined })],
] as const)('the rate limits in %s', (_, kind, target: () => RateLimitStoreTarget) => {
  let stores: RateLimitStore[];

  beforeAll(async () => {
    stores = [createRateLimitStore(target()), createRateLimitStore(target()), createRateLimitStore(target())];
    await Promise.all(stores.map((store) => store.ready()));
  });
  afterAll(() => Promise.all(stores.map((store) => store.close())));

  it(`is shared: ${LIMIT}+${EXTRA} requests over three instances → exactly ${EXTRA} refused, each with the wait until the window ends`, async () => {
    expect(stores.map((store) => store.kind)).toEqual([kind, kind, kind]);
    expect(await stores[0]?.check()).toBe(kind === 'redis' ? 'Redis answers' : 'PostgreSQL answers');
    const prefix = `test:${randomUUID()}`;
    const outcomes = await spread(stores, prefix, 'cert:one', LIMIT + EXTRA);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(EXTRA);
    const refusal = await stores[0]?.limiter(prefix, LIMIT).consume('cert:one').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimiterRes);
    expect((refusal as RateLimiterRes).msBeforeNext).toBeGreaterThan(50_000);
    expect((refusal as RateLimiterRes).msBeforeNext).toBeLessThanOrEqual(60_000);
    // Another key, and another endpoint's or environment's prefix, have windows of their own.
    expect(await spread(stores, prefix, 'cert:two', LIMIT)).not.toContain('refused');
    expect(await spread(stores, `${prefix}:production`, 'cert:one', LIMIT)).not.toContain('refused');
  });
});

describe('the rate limits without a shared store', () => {
  it('count in the process (the embedded database, which one process owns)', async () => {
    const store = createRateLimitStore({ redisUrl: null, databaseUrl: undefined });
    expect(store.kind).toBe('memory');
    expect((await spread([store], 'test', 'ip:192.0.2.1', LIMIT + EXTRA)).filter((outcome) => outcome === 'refused')).toHaveLength(EXTRA);
  });

  it('fall back to each process while Redis cannot be reached, refusing and admitting as the limit says', async () => {
    const store = createRateLimitStore({ redisUrl: 'redis://127.0.0.1:1', databaseUrl: undefined });
    try {
      await expect(store.check()).rejects.toThrow('Redis does not answer: each instance counts on its own meanwhile');
      expect((await spread([store], `test:${randomUUID()}`, 'cert:one', LIMIT + EXTRA)).filter((outcome) => outcome === 'refused')).toHaveLength(EXTRA);
    } finally {
      await store.close();
    }
  });
});
