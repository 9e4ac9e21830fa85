// No `server-only`: the scripts that open a Prisma client (lib/db/create-prisma-client.ts) open this beside it.
import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable, SqlResultSet, Transaction } from '@prisma/driver-adapter-utils';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';

/** A value a query may take: text, numbers, booleans, timestamps (written as UTC wall time), text arrays, or NULL. */
export type SqlValue = string | number | boolean | bigint | Date | null | readonly string[];

/**
 * Plain SQL with the shape of Prisma's raw queries (`$executeRaw`, `$queryRaw` as tagged templates, each value a
 * parameter), so that code written against either runs on both. Results come back as Prisma's raw queries give
 * them: JSON parsed, timestamps as Date, BIGINT as bigint.
 */
export type RawSql = {
  $executeRaw(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<number>;
  /** As Prisma's: `T` is the whole result, an array of rows. */
  $queryRaw<T = Record<string, unknown>[]>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<T>;
};

/** A transaction in plain SQL: its statements, and its last one with the commit sent right behind it. */
export type RawSqlTransaction = RawSql & {
  /**
   * Runs the transaction's last statement and commits: on PostgreSQL both go out together (the pool's connections
   * pipeline), so the locks the statement takes are held for its run and the commit, not also for the round trip to
   * this process and back, whose busy event loop may take milliseconds to send a COMMIT. If the statement fails,
   * PostgreSQL answers the COMMIT with a rollback, and this throws the statement's error. Nothing may run after it.
   */
  $executeRawThenCommit(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<number>;
};

/**
 * The app's database in plain SQL: statements on their own, or a transaction committed when `work` resolves (or by
 * its last statement, `$executeRawThenCommit`). As Prisma's `$transaction` takes `maxWait`, a transaction may be
 * given its own wait for a connection.
 */
export type RawSqlDb = RawSql & { transaction<T>(work: (tx: RawSqlTransaction) => Promise<T>, options?: { maxWaitMs?: number }): Promise<T> };

const COMMIT: SqlQuery = { sql: 'COMMIT', args: [], argTypes: [] };
const COMMITTED = 'the transaction has committed: no statement may follow its last';

/** How long a transaction may wait for a connection (PostgreSQL's pool, PGlite's one session), as Prisma's `maxWait`. */
export const RAW_SQL_MAX_WAIT_MS = 15_000;

/** Thrown when no connection came within the wait; nothing was run. */
export class RawSqlWaitError extends Error {
  constructor(readonly waitedMs: number) {
    super(`no database connection was free within ${waitedMs} ms`);
    this.name = 'RawSqlWaitError';
  }
}

/**
 * Plain SQL through the driver adapter the app's Prisma client uses (the same PostgreSQL pool, the same PGlite),
 * for hot paths where Prisma's own cost per statement shows in a profile (a fraction of a millisecond of CPU each,
 * several times the adapter's). Transactions follow the adapter's protocol exactly as Prisma's do: BEGIN and COMMIT
 * as statements on PostgreSQL, PGlite's own transaction for it.
 */
export function createRawSqlDb(connect: () => Promise<SqlDriverAdapter>): RawSqlDb {
  let adapter: Promise<SqlDriverAdapter> | null = null;
  const getAdapter = () => {
    adapter ??= connect().catch((error: unknown) => {
      adapter = null;
      throw error;
    });
    return adapter;
  };
  const root = createRawSql(getAdapter);
  return {
    ...root,
    async transaction(work, options = {}) {
      const tx = await startTransaction(await getAdapter(), options.maxWaitMs ?? RAW_SQL_MAX_WAIT_MS);
      // Set once the transaction was ended by its last statement: it is then over, whatever `work` does next.
      let ended: Promise<unknown> | null = null;
      const statements = createRawSql(async () => {
        if (ended) throw new Error(COMMITTED);
        return tx;
      });
      const transaction: RawSqlTransaction = {
        ...statements,
        $executeRawThenCommit(strings, ...values) {
          if (ended) return Promise.reject(new Error(COMMITTED));
          const last = executeThenCommit(tx, toQuery(strings, values));
          ended = last.catch(() => undefined);
          return last;
        },
      };
      let result;
      try {
        result = await work(transaction);
      } catch (error) {
        if (ended) await ended;
        else await finish(tx, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
      if (ended) await ended;
      else await finish(tx, 'COMMIT');
      return result;
    },
  };
}

// PostgreSQL: the statement and COMMIT are sent before either is answered (the adapter hands each to node-postgres at
// once, which writes it at once in pipeline mode). PGlite, one session in this process, has no round trip to save.
async function executeThenCommit(tx: Transaction, query: SqlQuery): Promise<number> {
  if (tx.options.usePhantomQuery) {
    const count = await tx.executeRaw(query).catch(async (error: unknown) => {
      await finish(tx, 'ROLLBACK').catch(() => undefined);
      throw error;
    });
    await finish(tx, 'COMMIT');
    return count;
  }
  const [statement, commit] = await Promise.allSettled([tx.executeRaw(query), tx.executeRaw(COMMIT)]);
  if (statement.status === 'rejected' || commit.status === 'rejected') {
    // Answered with a rollback, or with an error: the transaction is over either way; the connection goes back.
    await tx.rollback().catch(() => undefined);
    throw statement.status === 'rejected' ? statement.reason : (commit as PromiseRejectedResult).reason;
  }
  await tx.commit();
  return statement.value;
}

function createRawSql(queryable: () => Promise<SqlQueryable>): RawSql {
  return {
    async $executeRaw(strings, ...values) {
      return (await queryable()).executeRaw(toQuery(strings, values));
    },
    async $queryRaw<T>(strings: TemplateStringsArray, ...values: SqlValue[]) {
      return toRows(await (await queryable()).queryRaw(toQuery(strings, values))) as T;
    },
  };
}

// A connection that arrives after the wait gave up is handed back at once.
async function startTransaction(adapter: SqlDriverAdapter, maxWaitMs: number): Promise<Transaction> {
  const starting = adapter.startTransaction();
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      starting.then((late) => finish(late, 'ROLLBACK')).catch(() => undefined);
      reject(new RawSqlWaitError(maxWaitMs));
    }, maxWaitMs);
  });
  try {
    return await Promise.race([starting, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

// PostgreSQL's adapter began with BEGIN and ends with our COMMIT or ROLLBACK, then releases the connection (also when
// that statement failed); PGlite's ends its own transaction (usePhantomQuery), as Prisma's transaction manager does.
async function finish(tx: Transaction, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  if (tx.options.usePhantomQuery) {
    await (statement === 'COMMIT' ? tx.commit() : tx.rollback());
    return;
  }
  try {
    await tx.executeRaw({ sql: statement, args: [], argTypes: [] });
  } catch (error) {
    await tx.rollback();
    throw error;
  }
  await (statement === 'COMMIT' ? tx.commit() : tx.rollback());
}

function toQuery(strings: TemplateStringsArray, values: SqlValue[]): SqlQuery {
  let sql = strings[0] ?? '';
  for (let index = 1; index < strings.length; index += 1) sql += `$${index}${strings[index]}`;
  return { sql, args: values.map((value) => (Array.isArray(value) ? [...value] : value)), argTypes: values.map(argTypeOf) };
}

function argTypeOf(value: SqlValue): ArgType {
  if (Array.isArray(value)) return { scalarType: 'string', arity: 'list' };
  if (value instanceof Date) return { scalarType: 'datetime', arity: 'scalar' };
  switch (typeof value) {
    case 'number':
      return { scalarType: Number.isInteger(value) ? 'int' : 'float', arity: 'scalar' };
    case 'bigint':
      return { scalarType: 'bigint', arity: 'scalar' };
    case 'boolean':
      return { scalarType: 'boolean', arity: 'scalar' };
    default:
      return { scalarType: 'string', arity: 'scalar' };
  }
}

function toRows(result: SqlResultSet): Record<string, unknown>[] {
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const record: Record<string, unknown> = {};
    columnNames.forEach((name, index) => {
      record[name] = toValue(row[index], columnTypes[index]);
    });
    return record;
  });
}

// Both adapters give JSON as its text, timestamps as ISO text and BIGINT as text (PostgreSQL) or bigint (PGlite).
function toValue(value: unknown, type: number | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.Json:
      return typeof value === 'string' ? JSON.parse(value) : value;
    case ColumnTypeEnum.DateTime:
      return value instanceof Date ? value : new Date(String(value));
    case ColumnTypeEnum.Int64:
      return typeof value === 'bigint' ? value : BigInt(String(value));
    default:
      return value;
  }
}
