import pg from 'pg';

// The schema name goes into DDL unquoted-safe only if it is a plain identifier.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Drops and recreates the benchmark's own schema (`?schema=`) and answers the server's `select version()`. */
export async function prepareBenchDatabase(databaseUrl: string): Promise<string> {
  // Only a schema of its own: the benchmark must never touch anyone else's tables, `public` least of all.
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  if (schema === null || !SCHEMA_NAME.test(schema) || schema.toLowerCase() === 'public') {
    throw new Error('BENCH_DATABASE_URL must name its own schema with ?schema=<name> (not "public")');
  }
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`create schema "${schema}"`);
    const { rows } = await client.query<{ version: string }>('select version()');
    return rows[0]?.version ?? 'unknown';
  } finally {
    await client.end();
  }
}
