import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createPrismaClient, type PrismaClientHandle } from './create-prisma-client';
import { RawSqlWaitError, type RawSql, type RawSqlTransaction } from './raw-sql';

useTestDatabase();

// One handle for the whole file (a second PGlite on the same folder would corrupt it): the Prisma client and the plain
// SQL beside it share its pool, or its PGlite. The wait test gives its transactions 300 ms to start.
const MAX_WAIT_MS = 300;
let handle: PrismaClientHandle;

beforeAll(() => {
  handle = createPrismaClient();
});

afterAll(async () => {
  await handle.close();
});

const countKeys = async (prefix: string) =>
  Number((await handle.client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ReplayGuard" WHERE key LIKE ${`${prefix}%`}`)[0]?.n);

// A replay-guard row as the statement a transaction runs, or as its last one.
const insertKey = (tx: RawSql, key: string) => tx.$executeRaw`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${key}, now())`;
const insertKeyThenCommit = (tx: RawSqlTransaction, key: string) => tx.$executeRawThenCommit`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${key}, now())`;

describe('plain SQL through the driver adapter (lib/db/raw-sql.ts)', () => {
  it('reads every value as Prisma\'s own raw query reads it: text, numbers, booleans, timestamps, arrays, JSON, BIGINT and NULL', async () => {
    const at = new Date('2026-12-03T10:11:12.345Z');
    const select = (db: Pick<PrismaClientHandle['sql'], '$queryRaw'>) => db.$queryRaw`
      SELECT ${'text'}::text AS text, ${42}::int AS int, ${1.5}::float8 AS float, ${true}::boolean AS bool,
             (${at}::timestamp(3)) AS at, ${['a', 'b']}::text[] AS list, ${JSON.stringify({ b: [1, null], a: 'x' })}::jsonb AS json,
             9007199254740993::bigint AS big, NULL::text AS nothing`;

    const [plain] = await select(handle.sql);
    const [prisma] = await select(handle.client);

    expect(plain).toEqual(prisma);
    expect(plain).toEqual({ text: 'text', int: 42, float: 1.5, bool: true, at, list: ['a', 'b'], json: { a: 'x', b: [1, null] }, big: 9007199254740993n, nothing: null });
  });

  it('writes a Date as the UTC wall time Prisma writes to TIMESTAMP(3)', async () => {
    const expiresAt = new Date('2031-01-02T03:04:05.678Z');
    await handle.sql.$executeRaw`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${'date:1'}, ${expiresAt})`;

    expect(await handle.client.replayGuard.findUnique({ where: { key: 'date:1' } })).toEqual({ key: 'date:1', expiresAt });
  });

  it('commits a transaction\'s statements together and answers what its work returned', async () => {
    const result = await handle.sql.transaction(async (tx) => {
      const first = await insertKey(tx, 'commit:1');
      const second = await insertKey(tx, 'commit:2');
      return first + second;
    });

    expect(result).toBe(2);
    expect(await countKeys('commit:')).toBe(2);
  });

  it('rolls a transaction back when its work throws, or a statement fails, and rethrows; the connection serves the next one', async () => {
    const thrown = new Error('the work failed');
    await expect(
      handle.sql.transaction(async (tx) => {
        await insertKey(tx, 'rollback:1');
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    await expect(
      handle.sql.transaction(async (tx) => {
        await insertKey(tx, 'rollback:2');
        await insertKey(tx, 'rollback:2');
      }),
    ).rejects.toThrow();

    expect(await countKeys('rollback:')).toBe(0);
    await handle.sql.transaction((tx) => insertKey(tx, 'rollback:3'));
    expect(await countKeys('rollback:')).toBe(1);
  });

  it('commits with its last statement, answering its count; a last statement that fails rolls everything back; nothing may follow it', async () => {
    const committed = await handle.sql.transaction(async (tx) => {
      await insertKey(tx, 'last:1');
      return tx.$executeRawThenCommit`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${'last:2'}, now()), (${'last:3'}, now())`;
    });
    expect(committed).toBe(2);
    expect(await countKeys('last:')).toBe(3);

    // The same key twice: the last statement fails, and the one before it goes with it.
    await expect(
      handle.sql.transaction(async (tx) => {
        await insertKey(tx, 'last:4');
        await insertKeyThenCommit(tx, 'last:1');
      }),
    ).rejects.toThrow();
    expect(await countKeys('last:')).toBe(3);

    await expect(
      handle.sql.transaction(async (tx) => {
        await insertKeyThenCommit(tx, 'last:5');
        await insertKey(tx, 'last:6');
      }),
    ).rejects.toThrow('the transaction has committed: no statement may follow its last');
    expect(await countKeys('last:')).toBe(4);
    // Every connection went back: the next transaction runs.
    await handle.sql.transaction((tx) => insertKeyThenCommit(tx, 'last:7'));
    expect(await countKeys('last:')).toBe(5);
  });

  it('sends the last statement and COMMIT together on PostgreSQL: committed while this process cannot send anything', async () => {
    const key = `pipelined:${randomUUID()}`;
    let seenFromOutside = '';
    const done = handle.sql.transaction(async (tx) => {
      await insertKey(tx, `${key}:first`);
      const last = insertKeyThenCommit(tx, key);
      // The event loop is blocked from here until another process (a plain node-postgres client) has looked.
      seenFromOutside = process.env.DATABASE_URL ? readKeyFromAnotherProcess(process.env.DATABASE_URL, key) : 'not PostgreSQL';
      return last;
    });
    await done;
    expect(await countKeys(key)).toBe(2);
    // PGlite is a session of this process: there is no other process to look, and no round trip to save.
    expect(seenFromOutside).toBe(process.env.DATABASE_URL ? '1' : 'not PostgreSQL');
  });

  it('isolates its transactions from Prisma\'s on the same database: 40 increments under a row lock, half each way, lose none', async () => {
    // The audit chain head (this file's own database) as the counter.
    await handle.sql.$executeRaw`
      INSERT INTO "AuditChain" (id, "lastHash", "lastEventId") VALUES (1, ${'test'}, 0) ON CONFLICT (id) DO UPDATE SET "lastHash" = EXCLUDED."lastHash", "lastEventId" = 0`;
    const increment = async (tx: Pick<PrismaClientHandle['sql'], '$queryRaw' | '$executeRaw'>) => {
      const [row] = await tx.$queryRaw<{ value: bigint }[]>`SELECT "lastEventId" AS value FROM "AuditChain" WHERE id = 1 FOR UPDATE`;
      await tx.$executeRaw`UPDATE "AuditChain" SET "lastEventId" = ${Number(row?.value) + 1} WHERE id = 1`;
    };

    await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? handle.sql.transaction(increment) : handle.client.$transaction(increment))),
    );

    const [row] = await handle.sql.$queryRaw<{ value: bigint }[]>`SELECT "lastEventId" AS value FROM "AuditChain" WHERE id = 1`;
    expect(Number(row?.value)).toBe(40);
  });

  it('gives up on a transaction that found no free connection within the wait, running nothing, and hands the late connection back', async () => {
    // More transactions held open than the pool has connections (PostgreSQL's 10; PGlite's one session).
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = Array.from({ length: 11 }, (_, index) =>
      handle.sql.transaction(
        async (tx) => {
          await insertKey(tx, `wait:${index}`);
          await released;
        },
        { maxWaitMs: MAX_WAIT_MS },
      ),
    );
    const outcomes = Promise.allSettled(held);
    await new Promise((resolve) => setTimeout(resolve, MAX_WAIT_MS * 2));
    release();
    const settled = await outcomes;

    const refused = settled.filter((outcome) => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(RawSqlWaitError);
    expect(await countKeys('wait:')).toBe(settled.length - refused.length);
    // Every connection is back: a new transaction starts at once and commits.
    await handle.sql.transaction((tx) => insertKey(tx, 'wait:after'));
    expect(await countKeys('wait:after')).toBe(1);
  });
});

// Waits (up to 5 s) in a process of its own for `key` to be committed, and prints how many rows it found: this one's
// event loop stays blocked meanwhile, so nothing this process still had to send can have been sent.
function readKeyFromAnotherProcess(databaseUrl: string, key: string): string {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const script = `
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.env.URL, options: process.env.SCHEMA ? '-c search_path="' + process.env.SCHEMA + '"' : undefined });
    (async () => {
      await client.connect();
      let count = 0;
      for (const started = Date.now(); count === 0 && Date.now() - started < 5000; await new Promise((resolve) => setTimeout(resolve, 20))) {
        count = (await client.query('SELECT count(*)::int AS n FROM "ReplayGuard" WHERE key = $1', [process.env.KEY])).rows[0].n;
      }
      process.stdout.write(String(count));
      await client.end();
    })();`;
  return execFileSync(process.execPath, ['-e', script], { env: { ...process.env, URL: url.toString(), SCHEMA: schema ?? '', KEY: key }, encoding: 'utf8' });
}
