// Issue 10 (part 3): the lifecycle functions keep the embedded authorization server serving exactly Onboard's
// active clients. Real parts: the sandbox directory (SSAs, software keys, JWKS), the embedded oidc-provider behind
// real mutual TLS, the test database; clients are registered, decided on and deleted as the portal and API do.
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDirectory, type TestDirectory } from '@/directory/testing/start-test-directory';
import { approveClient } from '@/lib/admin/approve-client';
import { reactivateClient } from '@/lib/admin/reactivate-client';
import { revokeClient } from '@/lib/admin/revoke-client';
import { suspendClient } from '@/lib/admin/suspend-client';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { recordSignIn } from '@/lib/auth/record-sign-in';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { deleteClient } from '@/lib/clients/delete-client';
import type { ManualRegistrationChoices } from '@/lib/clients/manual-registration-choices';
import { registerDynamicClient } from '@/lib/clients/register-dynamic-client';
import { registerManualClient } from '@/lib/clients/register-manual-client';
import { rotateClientSecret } from '@/lib/clients/rotate-client-secret';
import { updateDynamicClient } from '@/lib/clients/update-dynamic-client';
import { getDb } from '@/lib/db';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '@/lib/profile/ob-profile';
import { updatePolicy } from '@/lib/policy/update-policy';
import { readDirectoryCaBundle } from '@/lib/testing/start-sandbox-tpps';
import { createDirectoryValidationContext } from '@/lib/testing/create-directory-validation-context';
import { createFixtureValidationContext } from '@/lib/testing/registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import type { MtlsTestCredential } from '../testing/create-mtls-test-pki';
import { startTestAuthorizationServer, type TestAnswer, type TestAuthorizationServer } from '../testing/start-test-authorization-server';
import { toEmbeddedClientMetadata } from '../to-embedded-client-metadata';
import { PROVISIONABLE_CLIENT_SELECT } from './provisionable-client-select';

useTestDatabase();

const ACME = { directoryOrgId: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', roles: ['AISP', 'PISP'] };
const ADMIN: AdminActor = { id: 'admin-provisioning-1', name: 'Rita Reviewer', email: 'rita@bank.example' };
const RESOURCE_SERVER_ID = 'bank-resource-server';
const AUTHENTICATION_FAILED = { status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

type Software = { softwareId: string; ssa: string; redirectUris: string[]; signingKey: CryptoKey; kid: string; certificate: MtlsTestCredential };

let directory: TestDirectory;
let as: TestAuthorizationServer;
let context: ValidationContext;
let acme: TppActor;
let resourceServer: MtlsTestCredential;

beforeAll(async () => {
  directory = await startTestDirectory();
  context = createDirectoryValidationContext(directory.url);
  as = await startTestAuthorizationServer(getDb(), {
    jwksHosts: [new URL(directory.url).host],
    // The directory's CA issues the signing certificates its software JWKS publish (x5c), asked about at /token.
    caCertificates: await readDirectoryCaBundle(directory),
    resourceServers: [{ clientId: RESOURCE_SERVER_ID, tlsClientAuthSubjectDn: 'C=GB,O=Test Bank,CN=resource-server' }],
  });
  resourceServer = await as.pki.issue('C=GB, O=Test Bank, CN=resource-server');
  const identity = await recordSignIn(directory.url, { subject: 'alice', email: null, name: null, organisation: ACME });
  acme = { id: identity.userId, organisation: identity.organisation };
});

afterAll(async () => {
  await as?.close();
  await directory?.dispose();
});

async function createSoftware(): Promise<Software> {
  const response = await fetch(`${directory.url}/api/organisations/${ACME.directoryOrgId}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(201);
  const bundle = (await response.json()) as { software_id: string; ssa: string; signing: { kid: string; private_key_pem: string } };
  const claims = JSON.parse(Buffer.from(bundle.ssa.split('.')[1] ?? '', 'base64url').toString('utf8')) as { software_redirect_uris: string[] };
  return {
    softwareId: bundle.software_id,
    ssa: bundle.ssa,
    redirectUris: claims.software_redirect_uris,
    signingKey: await importPKCS8(bundle.signing.private_key_pem, 'PS256'),
    kid: bundle.signing.kid,
    // The authorization server's own test CA issues the transport certificate it verifies; the subject is the OB one.
    certificate: await as.pki.issue(`C=GB, O=OpenBanking, OU=${ACME.directoryOrgId}, CN=${bundle.software_id}`),
  };
}

async function registerClient(software: Software, overrides: Partial<ManualRegistrationChoices> = {}): Promise<{ clientId: string; secret: string | null }> {
  const choices: ManualRegistrationChoices = { tokenEndpointAuthMethod: 'private_key_jwt', scopes: ['openid', 'accounts'], redirectUris: software.redirectUris, ...overrides };
  const result = await registerManualClient(acme, software.ssa, choices, context);
  if (result.status !== 'registered') throw new Error('expected a registered client');
  return { clientId: result.clientId, secret: result.secret };
}

async function requestTokenWithAssertion(software: Software, clientId: string): Promise<TestAnswer> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'PS256', kid: software.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(`${as.issuer}/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(software.signingKey);
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'accounts', client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
  return as.send('POST', '/token', { credential: software.certificate, body: body.toString() });
}

function requestTokenWithSecret(software: Software, clientId: string, secret: string): Promise<TestAnswer> {
  const authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  return as.send('POST', '/token', { credential: software.certificate, headers: { authorization }, body: 'grant_type=client_credentials&scope=accounts' });
}

function issuedToken(answer: TestAnswer): string {
  expect(answer.status).toBe(200);
  return (answer.body as { access_token: string }).access_token;
}

async function isActive(token: string): Promise<boolean> {
  const answer = await as.send('POST', '/token/introspection', { credential: resourceServer, body: new URLSearchParams({ token, client_id: RESOURCE_SERVER_ID }).toString() });
  return (answer.body as { active: boolean }).active;
}

const refusal = (answer: TestAnswer) => ({ status: answer.status, body: answer.body });

describe('the lifecycle provisions the embedded authorization server', () => {
  it('serves a registered client, not a suspended one (its token dies), again once reactivated, never once revoked', async () => {
    const software = await createSoftware();
    const { clientId } = await registerClient(software);
    const first = issuedToken(await requestTokenWithAssertion(software, clientId));
    expect(await isActive(first)).toBe(true);

    expect(await suspendClient(ADMIN, clientId, 'suspicious traffic')).toMatchObject({ status: 'changed', to: 'suspended', tokensRevoked: 1 });
    expect(await isActive(first)).toBe(false);
    expect(refusal(await requestTokenWithAssertion(software, clientId))).toEqual(AUTHENTICATION_FAILED);

    expect(await reactivateClient(ADMIN, clientId, 'resolved')).toMatchObject({ status: 'changed', to: 'active' });
    // The token of before the suspension does not come back with the client.
    expect(await isActive(first)).toBe(false);
    const second = issuedToken(await requestTokenWithAssertion(software, clientId));
    expect(await isActive(second)).toBe(true);

    expect(await revokeClient(ADMIN, clientId, 'contract ended')).toMatchObject({ status: 'changed', to: 'revoked', tokensRevoked: 1 });
    expect(await isActive(second)).toBe(false);
    expect(refusal(await requestTokenWithAssertion(software, clientId))).toEqual(AUTHENTICATION_FAILED);
  });

  it('deletes no expired token while registering a client (the authorization server prunes them, outside client changes)', async () => {
    const software = await createSoftware();
    const { clientId } = await registerClient(software);
    const expired = randomUUID();
    await getDb().$executeRaw`
      INSERT INTO "AuthorizationServerPayload" (kind, id, payload, "clientId", "expiresAt")
      VALUES ('ClientCredentials', ${expired}, '{}'::jsonb, ${clientId}, now() - interval '1 hour')`;
    await registerClient(software);
    const left = await getDb().$queryRaw<{ id: string }[]>`SELECT id FROM "AuthorizationServerPayload" WHERE id = ${expired}`;
    expect(left, 'the registration ran a delete of expired tokens in its transaction').toEqual([{ id: expired }]);
  });

  it('drops a deleted client and its tokens', async () => {
    const software = await createSoftware();
    const { clientId } = await registerClient(software);
    const token = issuedToken(await requestTokenWithAssertion(software, clientId));
    expect(await deleteClient({ type: 'tpp_user', id: acme.id }, acme.organisation.id, clientId)).toBe(true);
    expect(await isActive(token)).toBe(false);
    expect(refusal(await requestTokenWithAssertion(software, clientId))).toEqual(AUTHENTICATION_FAILED);
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { clientId, action: 'client.deleted' } });
    expect(event.details).toEqual({ tokensRevoked: 1 });
  });

  it("refuses an MCR client's old secret once rotated, and takes the new one", async () => {
    const software = await createSoftware();
    const { clientId, secret } = await registerClient(software, { tokenEndpointAuthMethod: 'client_secret_basic' });
    if (secret === null) throw new Error('expected a secret');
    issuedToken(await requestTokenWithSecret(software, clientId, secret));

    const rotated = await rotateClientSecret(acme, clientId);
    if (rotated.status !== 'rotated') throw new Error('expected a rotation');
    expect(refusal(await requestTokenWithSecret(software, clientId, secret))).toEqual(AUTHENTICATION_FAILED);
    issuedToken(await requestTokenWithSecret(software, clientId, rotated.secret));
  });

  it('serves a client registered pending review only once approved', async () => {
    const software = await createSoftware();
    const policy = { mcrSandboxStatus: 'pending', mcrProductionStatus: 'pending', dcrSandboxStatus: 'active', dcrProductionStatus: 'pending', maxSsaAgeSeconds: null, maxRegistrationJwtLifetimeSeconds: 3600, maxClientAssertionLifetimeSeconds: 300, tokenEndpointAuthMethods: [...TOKEN_ENDPOINT_AUTH_METHODS] };
    expect(await updatePolicy(ADMIN, policy)).toMatchObject({ status: 'updated' });
    try {
      const { clientId } = await registerClient(software);
      expect(refusal(await requestTokenWithAssertion(software, clientId))).toEqual(AUTHENTICATION_FAILED);
      expect(await getDb().authorizationServerPayload.count({ where: { kind: 'Client', id: clientId } })).toBe(0);
      expect(await approveClient(ADMIN, clientId, 'evidence checked')).toMatchObject({ status: 'changed', to: 'active' });
      issuedToken(await requestTokenWithAssertion(software, clientId));
    } finally {
      await updatePolicy(ADMIN, { ...policy, mcrSandboxStatus: 'active' });
    }
  });

  it('serves the metadata of a DCR PUT, which replaces the registration', async () => {
    const fixture = await createRegistrationFixture();
    const dcrContext = createFixtureValidationContext(fixture.deps());
    const request = async (claims: Record<string, unknown>) => ({
      body: await fixture.sign(fixture.claims({ jti: randomUUID(), ...claims })),
      contentType: 'application/jwt',
      certificatePem: fixture.certificates.leaf.pem,
    });
    const served = async (clientId: string) => (await getDb().authorizationServerPayload.findUniqueOrThrow({ where: { kind_id: { kind: 'Client', id: clientId } } })).payload;
    const registered = await registerDynamicClient(await request({}), dcrContext);
    if (registered.status !== 'registered') throw new Error('expected a registered client');
    expect(await served(registered.client.clientId)).toMatchObject({ scope: 'openid accounts payments', token_endpoint_auth_method: 'private_key_jwt' });

    const updated = await updateDynamicClient(registered.client, await request({ scope: 'openid accounts', token_endpoint_auth_signing_alg: 'ES256' }), dcrContext);
    expect(updated.status).toBe('updated');
    const row = await getDb().client.findUniqueOrThrow({ where: { clientId: registered.client.clientId }, select: PROVISIONABLE_CLIENT_SELECT });
    expect(await served(registered.client.clientId)).toEqual(toEmbeddedClientMetadata(row));
    expect(await served(registered.client.clientId)).toMatchObject({ scope: 'openid accounts', token_endpoint_auth_signing_alg: 'ES256' });
  });

  it("refuses a DCR PUT whose software statement is of another environment, and serves the registration unchanged (OB-RULES Trust over time, environments)", async () => {
    const fixture = await createRegistrationFixture();
    // One directory key serving both environments (the single-domain shorthand with SOFTWARE_ENVIRONMENT=sandbox,production).
    const dcrContext = createFixtureValidationContext(fixture.deps({ trust: { issuers: ['OpenBanking Ltd'], environments: ['sandbox', 'production'] } }));
    const request = async (ssa: string) => ({
      body: await fixture.sign(fixture.claims({ jti: randomUUID(), software_statement: ssa })),
      contentType: 'application/jwt',
      certificatePem: fixture.certificates.leaf.pem,
    });
    const registered = await registerDynamicClient(await request(fixture.ssa), dcrContext);
    if (registered.status !== 'registered') throw new Error('expected a registered client');
    const production = await signTestJws({ ...fixture.ssaClaims, software_environment: 'production' }, fixture.directoryKey);
    expect(await updateDynamicClient(registered.client, await request(production), dcrContext)).toEqual({
      status: 'refused',
      failure: { code: 'invalid_client_metadata', description: 'the software statement is of the production environment and this client of sandbox: register a new client there instead' },
    });
    expect(await getDb().client.findUniqueOrThrow({ where: { clientId: registered.client.clientId } })).toMatchObject({ environment: 'sandbox', updatedAt: registered.client.updatedAt });
  });
});
