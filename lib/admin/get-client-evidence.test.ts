import { exportJWK, importX509 } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Client, type Prisma } from '@/lib/db';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import type { TokenTestFixture } from '@/lib/tokens/testing/start-token-test-fixture';
import { getClientEvidence } from './get-client-evidence';

let fixture: TokenTestFixture;
let fetchJwks: ReturnType<typeof createJwksFetcher>;
let claims: Prisma.InputJsonObject;

useTokenTestFixture((started) => (fixture = started));
beforeAll(async () => {
  const leaf = fixture.certificates.leaf;
  const tlsJwk = await exportJWK(await importX509(leaf.pem, 'PS256', { extractable: true }));
  fixture.server.serve('/with-tls.jwks', {
    body: { keys: [fixture.softwareKey.publicJwk, { ...tlsJwk, kid: 'tls-1', use: 'tls', x5c: [Buffer.from(leaf.certificate.rawData).toString('base64')] }] },
  });
  fetchJwks = createJwksFetcher({ allowedHosts: [fixture.server.host] });
  const probe = await fixture.createClient();
  claims = { ...(probe.softwareStatementClaims as Prisma.InputJsonObject), software_jwks_endpoint: fixture.server.url('/with-tls.jwks'), software_roles: ['AISP'] };
  await getDb().client.delete({ where: { id: probe.id } });
});

describe('getClientEvidence', () => {
  let client: Client;

  beforeAll(async () => {
    client = await fixture.createClient({
      status: 'pending',
      softwareStatementClaims: claims,
      // One scope the AISP role does not allow, one redirect URI outside the SSA.
      scopes: ['openid', 'accounts', 'payments'],
      redirectUris: ['https://test-app.example/callback', 'https://elsewhere.example/cb'],
      validationReport: { ok: true, entries: [{ id: 'ssa.present', title: 'software statement is present', outcome: 'pass', code: 'invalid_software_statement', hint: 'h' }] },
    });
  });

  it('lays out roles against scopes, redirect URIs against the SSA, and the report', async () => {
    const evidence = await getClientEvidence(client.clientId, () => fetchJwks);
    expect(evidence?.client).toMatchObject({ clientId: client.clientId, organisation: { directoryOrgId: '0015800001TESTORG', name: 'Test TPP Ltd' } });
    expect(evidence?.ssa?.software_id).toBe('TestSoftware0001');
    expect(evidence?.ssaClaims).toEqual(claims);
    expect(evidence?.allowedScopes).toEqual(['openid', 'accounts']);
    expect(evidence?.scopes).toEqual([
      { scope: 'openid', isAllowed: true },
      { scope: 'accounts', isAllowed: true },
      { scope: 'payments', isAllowed: false },
    ]);
    expect(evidence?.redirectUris).toEqual([
      { uri: 'https://test-app.example/callback', isInSsa: true },
      { uri: 'https://elsewhere.example/cb', isInSsa: false },
    ]);
    expect(evidence?.ssaRedirectUris).toEqual([{ uri: 'https://test-app.example/callback', isRegistered: true }]);
    expect(evidence?.report).toMatchObject({ ok: true, entries: [{ id: 'ssa.present' }] });
  });

  it('reads the transport certificate from the software JWKS', async () => {
    const evidence = await getClientEvidence(client.clientId, () => fetchJwks);
    const leaf = fixture.certificates.leaf.certificate;
    expect(evidence?.certificate).toEqual({
      subject: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB',
      issuer: expect.stringContaining('OpenBanking Test'),
      serialNumber: leaf.serialNumber,
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
    });
  });

  it('answers no certificate when the JWKS has no tls key or cannot be fetched', async () => {
    const noTls = await fixture.createClient({ softwareStatementClaims: { ...claims, software_jwks_endpoint: fixture.server.url('/software.jwks') } });
    const missing = await fixture.createClient({ softwareStatementClaims: { ...claims, software_jwks_endpoint: fixture.server.url('/missing.jwks') } });
    const refusedHost = await fixture.createClient({ softwareStatementClaims: { ...claims, software_jwks_endpoint: 'https://not-allowed.example/x.jwks' } });
    for (const other of [noTls, missing, refusedHost]) expect((await getClientEvidence(other.clientId, () => fetchJwks))?.certificate).toBeNull();
  });

  it('lists the other clients of the same software, of any organisation, deleted ones included', async () => {
    const otherOrganisation = await getDb().organisation.create({ data: { directoryOrgId: '0015800001OTHERORG', name: 'Other Org', status: 'Active', roles: [] } });
    const sibling = await fixture.createClient({ organisationId: otherOrganisation.id, status: 'revoked', deletedAt: new Date() });
    const unrelated = await fixture.createClient({ softwareId: 'AnotherSoftware' });
    const evidence = await getClientEvidence(client.clientId, () => fetchJwks);
    const ids = evidence?.otherClients.map((other) => other.clientId) ?? [];
    expect(ids).toContain(sibling.clientId);
    expect(ids).not.toContain(client.clientId);
    expect(ids).not.toContain(unrelated.clientId);
    expect(evidence?.otherClients.find((other) => other.clientId === sibling.clientId)).toMatchObject({
      status: 'revoked',
      deletedAt: expect.any(Date),
      organisation: { directoryOrgId: '0015800001OTHERORG', name: 'Other Org' },
    });
  });

  it('shows stored claims it cannot type, and answers null for an unknown client', async () => {
    const odd = await fixture.createClient({ softwareStatementClaims: { software_id: 'TestSoftware0001' } });
    const evidence = await getClientEvidence(odd.clientId, () => fetchJwks);
    expect(evidence).toMatchObject({ ssa: null, ssaClaims: { software_id: 'TestSoftware0001' }, certificate: null, allowedScopes: ['openid'] });
    expect(await getClientEvidence('no-such-client', () => fetchJwks)).toBeNull();
  });
});
