// Issue 6 (concurrency): secret rotations of one client racing each other; the embedded authorization server's client
// authentication (its Client model and secret comparison, as `client_secret_basic` runs them) decides which of the
// secrets they handed out still works.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb, getSql } from '@/lib/db';
import { createEmbeddedAuthorizationServer, type EmbeddedAuthorizationServer } from '@/lib/authorization-server/create-embedded-authorization-server';
import { provisionEmbeddedClient } from '@/lib/authorization-server/provision-embedded-client';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { generateSigningKey } from '@/lib/tokens/generate-signing-key';
import { TEST_CLIENT_SECRET, TEST_CLIENT_SECRET_HASH, type TokenTestFixture } from '@/lib/tokens/testing/start-token-test-fixture';
import { rotateClientSecret } from './rotate-client-secret';

const ROTATIONS = 30;

let fixture: TokenTestFixture;

let server: EmbeddedAuthorizationServer;

useTokenTestFixture((started) => (fixture = started));
beforeAll(async () => {
  const key = await generateSigningKey();
  server = await createEmbeddedAuthorizationServer({
    issuer: 'https://localhost:8443',
    prisma: getDb(),
    sql: getSql(),
    signingKeys: [key],
    getClientCertificate: () => null,
    // Nothing is read here: no request reaches the OB checks.
    trustSources: { domains: [] },
    cookieKeys: ['rotation-test-cookie-key-0123456789abcdef'],
    accessTokenTtlSeconds: 300,
    logError: () => undefined,
  });
});

async function authenticates(clientId: string, secret: string): Promise<boolean> {
  const client = await server.provider.Client.find(clientId);
  return client !== undefined && (await server.provider.Client.prototype.compareClientSecret.call(client, secret));
}

describe('rotateClientSecret under concurrency', () => {
  it(`${ROTATIONS} concurrent rotations of one client leave exactly one of their secrets valid, each audited`, async () => {
    const client = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: TEST_CLIENT_SECRET_HASH });
    const organisation = await getDb().organisation.findUniqueOrThrow({ where: { id: client.organisationId } });
    const actor: TppActor = { id: 'user-rotating', organisation: { id: organisation.id, directoryOrgId: organisation.directoryOrgId, name: organisation.name, roles: organisation.roles } };
    await provisionEmbeddedClient(getDb(), client);
    expect(await authenticates(client.clientId, TEST_CLIENT_SECRET)).toBe(true);

    const results = await Promise.all(Array.from({ length: ROTATIONS }, () => rotateClientSecret(actor, client.clientId)));

    const secrets = results.map((result) => (result.status === 'rotated' ? result.secret : result.status));
    expect(new Set(secrets).size).toBe(ROTATIONS);
    const valid = [];
    for (const secret of secrets) if (await authenticates(client.clientId, secret)) valid.push(secret);
    expect(valid).toHaveLength(1);
    expect(await authenticates(client.clientId, TEST_CLIENT_SECRET)).toBe(false);
    // The stored tail is the valid secret's: hash and tail were written together.
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.id } })).secretTail).toBe(valid[0]!.slice(-4));
    expect(await getDb().auditEvent.count({ where: { action: 'client.secret_rotated', clientId: client.clientId } })).toBe(ROTATIONS);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact' });
  });
});
