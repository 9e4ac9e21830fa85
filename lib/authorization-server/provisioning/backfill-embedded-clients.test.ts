// Clients registered before provisioning existed (rows written directly, as an older Onboard wrote them) are
// provisioned by the backfill that the API host runs at every start; what the server holds that Onboard does not
// serve goes; a second run changes nothing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb, type Prisma } from '@/lib/db';
import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { EMBEDDED_CLIENT_KIND } from '../create-prisma-oidc-adapter';
import { createPrismaOidcAdapter } from '../create-prisma-oidc-adapter';
import { toEmbeddedClientMetadata } from '../to-embedded-client-metadata';
import { createEmbeddedProvisioning } from './create-embedded-provisioning';
import { PROVISIONABLE_CLIENT_SELECT } from './provisionable-client-select';

useTestDatabase();

const claims = buildSoftwareStatementClaims();

async function insertClient(overrides: Partial<Prisma.ClientUncheckedCreateInput> = {}): Promise<string> {
  const organisation = await getDb().organisation.upsert({
    where: { directoryOrgId: claims.org_id as string },
    create: { directoryOrgId: claims.org_id as string, name: claims.org_name as string, status: 'Active', roles: ['AISP'] },
    update: {},
  });
  const client = await getDb().client.create({
    data: {
      clientId: randomUUID(),
      organisationId: organisation.id,
      softwareId: claims.software_id as string,
      softwareClientName: 'Legacy client',
      environment: 'sandbox',
      creationMethod: 'DCR',
      status: 'active',
      tokenEndpointAuthMethod: 'private_key_jwt',
      tokenEndpointAuthSigningAlg: 'PS256',
      redirectUris: [],
      scopes: ['openid', 'accounts'],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      softwareStatement: 'eyJ.legacy.ssa',
      softwareStatementClaims: claims as Prisma.InputJsonObject,
      registrationMetadata: {},
      ...overrides,
    },
  });
  return client.clientId;
}

async function servedClients(): Promise<Map<string, unknown>> {
  const rows = await getDb().authorizationServerPayload.findMany({ where: { kind: EMBEDDED_CLIENT_KIND }, select: { id: true, payload: true } });
  return new Map(rows.map((row) => [row.id, row.payload]));
}

describe('backfill of the embedded authorization server', () => {
  it('provisions the clients it lacks, refreshes a stale one, removes what Onboard does not serve, and is idempotent', async () => {
    const logged: string[] = [];
    const provisioning = createEmbeddedProvisioning({ getPrisma: getDb, logError: (message) => logged.push(message) });
    const [active, tlsActive, suspended, deleted, stale] = [
      await insertClient(),
      await insertClient({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: 'CN=x,O=y' }),
      await insertClient({ status: 'suspended' }),
      await insertClient({ deletedAt: new Date(), status: 'revoked' }),
      await insertClient(),
    ];
    const clients = createPrismaOidcAdapter(getDb())(EMBEDDED_CLIENT_KIND);
    // Served already, though Onboard does not serve them (any more), or with metadata of before a change.
    for (const clientId of [suspended, deleted, 'unknown-client']) await clients.upsert(clientId, { client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' });
    await clients.upsert(stale, { client_id: stale, token_endpoint_auth_method: 'private_key_jwt', scope: 'openid' });
    // A token of a client that goes: it goes with it.
    await createPrismaOidcAdapter(getDb())('ClientCredentials').upsert('token-1', { jti: 'token-1', kind: 'ClientCredentials', clientId: suspended }, 60);

    expect(await provisioning.backfill()).toEqual({ provisioned: 2, updated: 1, deprovisioned: 3, failed: 0 });
    const served = await servedClients();
    expect([...served.keys()].sort()).toEqual([active, tlsActive, stale].sort());
    for (const clientId of [active, tlsActive, stale]) {
      const row = await getDb().client.findUniqueOrThrow({ where: { clientId }, select: PROVISIONABLE_CLIENT_SELECT });
      expect(served.get(clientId)).toEqual(toEmbeddedClientMetadata(row));
    }
    expect(await getDb().authorizationServerPayload.count({ where: { clientId: suspended } })).toBe(0);

    expect(await provisioning.backfill()).toEqual({ provisioned: 0, updated: 0, deprovisioned: 0, failed: 0 });
    expect(await servedClients()).toEqual(served);
    expect(logged).toEqual([]);
  });

  it('reports a client it cannot provision and goes on with the others', async () => {
    const logged: string[] = [];
    const provisioning = createEmbeddedProvisioning({ getPrisma: getDb, logError: (message) => logged.push(message) });
    const broken = await insertClient({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: null });
    const fine = await insertClient();
    expect(await provisioning.backfill()).toEqual({ provisioned: 1, updated: 0, deprovisioned: 0, failed: 1 });
    expect((await servedClients()).has(fine)).toBe(true);
    expect(logged).toEqual([`authorization server backfill: client ${broken} uses tls_client_auth without a subject DN`]);
  });
});
