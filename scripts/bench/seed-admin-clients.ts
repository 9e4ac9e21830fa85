import pg from 'pg';

/** Organisations the seeded clients belong to (besides whatever the load scenarios registered). */
const ORGANISATIONS = [
  { directoryOrgId: '0015800001BENCHAAA', name: 'Bench Alpha Payments Ltd' },
  { directoryOrgId: '0015800001BENCHBBB', name: 'Bench Budgeting plc' },
  { directoryOrgId: '0015800001BENCHCCC', name: 'Bench Credit Union' },
  { directoryOrgId: '0015800001BENCHDDD', name: 'Bench Data Services' },
] as const;

/** What the admin list scenarios look for; every filter matches a share of the seeded rows. */
export const SEEDED_SEARCH = { organisation: 'budgeting', softwareIdPrefix: 'benchsoftware' } as const;

/**
 * Tops the benchmark schema up to `total` live clients with plausible rows (all statuses, both creation
 * methods, two environments, a year of creation dates) in one SQL statement, and answers how many it added.
 * A benchmark of the admin list at N clients needs N rows; writing them through the API would take minutes.
 */
export async function seedAdminClients(databaseUrl: string, total: number): Promise<{ added: number; live: number }> {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    if (schema) await client.query(`set search_path to "${schema}"`);
    const organisationIds: string[] = [];
    for (const organisation of ORGANISATIONS) {
      const { rows } = await client.query<{ id: string }>(
        `insert into "Organisation" (id, "directoryOrgId", name, status, roles, "updatedAt")
         values ($1, $2, $3, 'Active', array['AISP','PISP'], now())
         on conflict ("directoryOrgId") do update set name = excluded.name
         returning id`,
        [`bench-org-${organisation.directoryOrgId}`, organisation.directoryOrgId, organisation.name],
      );
      organisationIds.push(rows[0]?.id as string);
    }
    const live = async () => Number((await client.query<{ count: string }>('select count(*) from "Client" where "deletedAt" is null')).rows[0]?.count);
    const added = Math.max(0, total - (await live()));
    await client.query(
      `insert into "Client" (id, "clientId", "organisationId", "softwareId", "softwareClientName", environment, "creationMethod",
          status, "tokenEndpointAuthMethod", "tokenEndpointAuthSigningAlg", "redirectUris", scopes, "grantTypes", "responseTypes",
          "softwareStatement", "softwareStatementClaims", "registrationMetadata", "createdAt", "updatedAt")
       select 'bench-client-' || n, gen_random_uuid()::text, ($2::text[])[1 + n % 4], $3 || (n % 500), 'Bench app ' || n,
          case when n % 5 = 0 then 'production' else 'sandbox' end,
          (case when n % 3 = 0 then 'MCR' else 'DCR' end)::"CreationMethod",
          (array['pending','active','active','active','suspended','revoked','rejected'])[1 + n % 7]::"ClientStatus",
          'private_key_jwt', 'PS256', array['https://tpp.example/callback'], array['accounts'], array['client_credentials'], array[]::text[],
          'seeded.for.benchmark', '{}'::jsonb, '{}'::jsonb,
          now() - (n || ' minutes')::interval * 50, now()
       from generate_series(1, $1::int) as n`,
      [added, organisationIds, SEEDED_SEARCH.softwareIdPrefix],
    );
    await client.query('analyze "Client"');
    return { added, live: await live() };
  } finally {
    await client.end();
  }
}
