import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/testing/start-private-postgres';
import { createAdapterFactory, createStatementNames, POSTGRES_CONNECT_TIMEOUT_MS, QueryTimeoutError } from './create-adapter-factory';
import { createPrismaClient } from './create-prisma-client';

// A "database host" that accepts TCP connections and never says a word, as a hung or half-dead server does.
let blackHole: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  blackHole = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => blackHole.close(resolve));
});

describe('createAdapterFactory on PostgreSQL', () => {
  it('fails a query whose connection cannot be opened within the connect timeout, instead of waiting forever', { timeout: POSTGRES_CONNECT_TIMEOUT_MS + 10_000 }, async () => {
    const { port } = blackHole.address() as AddressInfo;
    const handle = createPrismaClient({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test` });
    const startedAt = Date.now();
    try {
      await expect(handle.client.$queryRaw`SELECT 1`).rejects.toThrow();
    } finally {
      await handle.close();
    }
    const elapsed = Date.now() - startedAt;
    expect(sockets.length).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(POSTGRES_CONNECT_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(POSTGRES_CONNECT_TIMEOUT_MS + 3_000);
  });
});

describe('createStatementNames', () => {
  const query = (sql: string) => ({ sql, args: [], argTypes: [] });

  it('names a statement after its text: the same text the same name, another text another', () => {
    const names = createStatementNames();
    const first = names(query('SELECT 1'));
    expect(first).toMatch(/^onboard_[A-Za-z0-9_-]{32}$/);
    expect(names(query('SELECT 1'))).toBe(first);
    expect(names(query('SELECT 2'))).not.toBe(first);
    // Another pool names it alike: the name depends on the text only.
    expect(createStatementNames()(query('SELECT 1'))).toBe(first);
  });

  it('sends statements past the limit unnamed, and keeps naming the ones it named', () => {
    const names = createStatementNames(2);
    const [a, b] = [names(query('SELECT 1')), names(query('SELECT 2'))];
    expect(names(query('SELECT 3'))).toBe('');
    expect([names(query('SELECT 1')), names(query('SELECT 2'))]).toEqual([a, b]);
  });
});

describe('createAdapterFactory prepared statements on PostgreSQL', () => {
  let postgres: PrivatePostgres;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
  });

  afterAll(async () => {
    await postgres?.dispose();
  });

  /** The statements the connection of one transaction holds prepared after running `SELECT $1::int` twice in it. */
  async function preparedAfterTwoRuns(preparedStatements: boolean | undefined): Promise<unknown[]> {
    const handle = createAdapterFactory({ kind: 'postgres', url: postgres.url, ...(preparedStatements === undefined ? {} : { preparedStatements }) });
    try {
      const adapter = await handle.factory.connect();
      // One transaction: one connection, which keeps what was prepared on it.
      const tx = await adapter.startTransaction();
      const sql = 'SELECT $1::int AS value';
      for (const value of [1, 2]) {
        const result = await tx.queryRaw({ sql, args: [value], argTypes: [{ scalarType: 'int', arity: 'scalar' }] });
        expect(result.rows).toEqual([[value]]);
      }
      const prepared = await tx.queryRaw({ sql: `SELECT name, statement FROM pg_prepared_statements WHERE statement = '${sql.replace(/'/g, "''")}'`, args: [], argTypes: [] });
      await tx.rollback();
      await adapter.dispose();
      return prepared.rows;
    } finally {
      await handle.close();
    }
  }

  it('prepares each statement once per connection by default', async () => {
    expect(await preparedAfterTwoRuns(undefined)).toEqual([[expect.stringMatching(/^onboard_/), 'SELECT $1::int AS value']]);
  });

  it('prepares none with DATABASE_PREPARED_STATEMENTS=false (a pooler that cannot keep them)', async () => {
    expect(await preparedAfterTwoRuns(false)).toEqual([]);
  });
});

describe('createPrismaClient on a PostgreSQL server that stops answering', () => {
  // Short, so the test is quick; the app's bound is POSTGRES_QUERY_TIMEOUT_MS.
  const QUERY_TIMEOUT_MS = 3_000;
  let postgres: PrivatePostgres;
  let stoppedPids: number[] = [];

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
  });

  afterAll(async () => {
    resumeServer();
    await postgres?.dispose();
  });

  // SIGSTOP on the postmaster and every process it forked: the server keeps its sockets open and says nothing.
  async function stopServer(backendPid: number): Promise<void> {
    const postmasterPid = await readParentPid(backendPid);
    const children = await findChildren(postmasterPid);
    stoppedPids = [postmasterPid, ...children];
    for (const pid of stoppedPids) process.kill(pid, 'SIGSTOP');
  }

  function resumeServer(): void {
    for (const pid of stoppedPids) process.kill(pid, 'SIGCONT');
    stoppedPids = [];
  }

  it('fails a hung query, inside or outside a transaction, within the bound and answers later queries on fresh connections', { timeout: 20_000 }, async () => {
    const { client, close } = createPrismaClient({ kind: 'postgres', url: postgres.url }, { queryTimeoutMs: QUERY_TIMEOUT_MS });
    try {
      // Three pooled connections, so that the stopped server holds connections that are already open.
      const warm = await Promise.all([1, 2, 3].map(() => client.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid FROM pg_sleep(0.2)`));
      const warmPids = new Set(warm.map(([row]) => row!.pid));
      expect(warmPids.size).toBe(3);
      let transactionPid = 0;

      const startedAt = Date.now();
      const elapsed = { outside: 0, inside: 0 };
      const [outside, inside] = await Promise.allSettled([
        (async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          try {
            return await client.$queryRaw<{ v: string }[]>`SELECT 'outside' AS v`;
          } finally {
            elapsed.outside = Date.now() - startedAt;
          }
        })(),
        client.$transaction(async (tx) => {
          [{ pid: transactionPid }] = await tx.$queryRaw<[{ pid: number }]>`SELECT pg_backend_pid() AS pid`;
          await stopServer(transactionPid);
          const hungAt = Date.now();
          try {
            return await tx.$queryRaw<{ v: string }[]>`SELECT 'inside' AS v`;
          } finally {
            elapsed.inside = Date.now() - hungAt;
          }
        }),
      ]);
      expect(stoppedPids.length).toBeGreaterThan(1);
      expect(outside.status).toBe('rejected');
      expect(inside.status).toBe('rejected');
      expect(String((outside as PromiseRejectedResult).reason)).toContain(`within ${QUERY_TIMEOUT_MS} ms`);
      expect(String((inside as PromiseRejectedResult).reason)).toContain(`within ${QUERY_TIMEOUT_MS} ms`);
      for (const ms of [elapsed.outside - 300, elapsed.inside]) {
        expect(ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 100);
        expect(ms).toBeLessThan(QUERY_TIMEOUT_MS + 2_000);
      }

      resumeServer();
      // Each answer is this query's own (a connection left with a query in flight would return the old one), and
      // none comes from the two connections that hung: only the third, idle throughout, may serve again.
      const after = await Promise.all(
        ['a', 'b', 'c', 'd'].map((v) => client.$queryRaw<{ v: string; pid: number }[]>`SELECT ${v}::text AS v, pg_backend_pid() AS pid FROM pg_sleep(0.1)`),
      );
      expect(after.map(([row]) => row!.v)).toEqual(['a', 'b', 'c', 'd']);
      const pidsAfter = after.map(([row]) => row!.pid);
      expect(pidsAfter).not.toContain(transactionPid);
      expect(new Set(pidsAfter.filter((pid) => warmPids.has(pid))).size).toBeLessThanOrEqual(1);
    } finally {
      resumeServer();
      await close();
    }
  });

  it('has a live server cancel a slow statement itself, just before the client bound', { timeout: 20_000 }, async () => {
    const { client, close } = createPrismaClient({ kind: 'postgres', url: postgres.url }, { queryTimeoutMs: QUERY_TIMEOUT_MS });
    try {
      const startedAt = Date.now();
      await expect(client.$queryRaw`SELECT 1 FROM pg_sleep(10)`).rejects.toThrow(/canceling statement due to statement timeout/);
      expect(Date.now() - startedAt).toBeLessThan(QUERY_TIMEOUT_MS);
      expect(await client.$queryRaw`SELECT current_setting('statement_timeout') AS timeout`).toEqual([{ timeout: '2700ms' }]);
    } finally {
      await close();
    }
  });

  it('bounds the app\'s queries by default, and not those of the migrations', async () => {
    const { client, close } = createPrismaClient({ kind: 'postgres', url: postgres.url });
    try {
      expect(await client.$queryRaw`SELECT current_setting('statement_timeout') AS timeout`).toEqual([{ timeout: '27s' }]);
    } finally {
      await close();
    }
    // applyMigrations opens the factory without options.
    const handle = createAdapterFactory({ kind: 'postgres', url: postgres.url });
    try {
      const adapter = await handle.factory.connect();
      const result = await adapter.queryRaw({ sql: `SELECT current_setting('statement_timeout') AS timeout`, args: [], argTypes: [] });
      expect(result.rows).toEqual([['0']]);
      await adapter.dispose();
    } finally {
      await handle.close();
    }
  });

  it('names the bound in its error', () => {
    expect(new QueryTimeoutError(QUERY_TIMEOUT_MS).message).toBe('the database did not answer a query within 3000 ms; its connection was closed');
  });
});

async function readParentPid(pid: number): Promise<number> {
  // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ")".
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function findChildren(parentPid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = await readParentPid(Number(entry)).catch(() => undefined);
    if (ppid === parentPid) children.push(Number(entry));
  }
  return children;
}
