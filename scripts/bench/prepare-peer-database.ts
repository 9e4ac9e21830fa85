import pg from 'pg';

import { PEER_PAYLOAD_TABLE_DDL } from './create-peer-oidc-adapter';
import { prepareBenchDatabase } from './prepare-bench-database';

/** Drops and recreates the peer's own schema (`?schema=`, never the product's) with its one table. */
export async function preparePeerDatabase(databaseUrl: string): Promise<void> {
  await prepareBenchDatabase(databaseUrl);
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') as string;
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString(), options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    await client.query(PEER_PAYLOAD_TABLE_DDL);
  } finally {
    await client.end();
  }
}
