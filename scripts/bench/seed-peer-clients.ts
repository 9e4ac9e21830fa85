import pg from 'pg';

/** A client as both servers hold it: its id and the scopes the benchmark's token requests ask for. */
export type SeededPeerClient = { clientId: string; scope: string };

// Onboard's own metadata, which the peer does not know (it runs no OB certificate-ownership check).
const PRODUCT_ONLY_METADATA = ['software_id', 'org_id'];

/**
 * Copies the product's provisioned clients (`AuthorizationServerPayload`, kind `Client`) into the peer's schema under
 * the same ids: the same software, certificate, keys (`jwks_uri`) and auth method. Answers each client's scopes
 * without `openid`, which the token requests of both servers name, so that both issue the same token.
 */
export async function seedPeerClients(productDatabaseUrl: string, peerDatabaseUrl: string, clientIds: string[]): Promise<SeededPeerClient[]> {
  const product = await connect(productDatabaseUrl);
  const peer = await connect(peerDatabaseUrl);
  try {
    const { rows } = await product.query<{ id: string; payload: Record<string, unknown> }>(
      `SELECT id, payload FROM "AuthorizationServerPayload" WHERE kind = 'Client' AND id = ANY($1)`,
      [clientIds],
    );
    return await Promise.all(
      clientIds.map(async (clientId) => {
        const row = rows.find((candidate) => candidate.id === clientId);
        if (!row) throw new Error(`client ${clientId} is not provisioned in the product's authorization server`);
        const metadata = Object.fromEntries(Object.entries(row.payload).filter(([name]) => !PRODUCT_ONLY_METADATA.includes(name)));
        await peer.query(`INSERT INTO "OidcPayload" (kind, id, payload) VALUES ('Client', $1, $2)`, [clientId, JSON.stringify(metadata)]);
        const scope = String(metadata.scope ?? '').split(' ').filter((name) => name !== '' && name !== 'openid').join(' ');
        return { clientId, scope };
      }),
    );
  } finally {
    await Promise.all([product.end(), peer.end()]);
  }
}

async function connect(databaseUrl: string): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString(), ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  await client.connect();
  return client;
}
