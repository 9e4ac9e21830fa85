import { DEFAULT_POLICY_INPUT } from '@/lib/testing/default-policy-input';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDirectory, type TestDirectory } from '@/directory/testing/start-test-directory';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { recordSignIn } from '@/lib/auth/record-sign-in';
import type { TppActor } from '@/lib/auth/tpp-actor';
import type { ManualRegistrationChoices } from '@/lib/clients/manual-registration-choices';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import { registerDynamicClient } from '@/lib/clients/register-dynamic-client';
import { registerManualClient } from '@/lib/clients/register-manual-client';
import { getDb } from '@/lib/db';
import { createDirectoryValidationContext } from '@/lib/testing/create-directory-validation-context';
import { createFixtureValidationContext } from '@/lib/testing/registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { firstFailure } from '@/lib/validation/report';
import { getPolicy } from './get-policy';
import type { PolicyInput } from './policy-input-schema';
import { updatePolicy } from './update-policy';
import { withRegistrationPolicy } from './with-registration-policy';

useTestDatabase();

const ADMIN: AdminActor = { id: 'admin-registration-policy', name: null, email: null };
const ACME = { directoryOrgId: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', roles: ['AISP', 'PISP'] };
const DEFAULT_POLICY: PolicyInput = { ...DEFAULT_POLICY_INPUT, tokenEndpointAuthMethods: [...DEFAULT_POLICY_INPUT.tokenEndpointAuthMethods] };

let directory: TestDirectory;
let baseContext: ValidationContext;
let acme: TppActor;

beforeAll(async () => {
  directory = await startTestDirectory();
  // This deployment accepts both environments, so production software can be registered.
  baseContext = createDirectoryValidationContext(directory.url, [], ['sandbox', 'production']);
  const identity = await recordSignIn(directory.url, { subject: 'alice', email: null, name: null, organisation: ACME });
  acme = { id: identity.userId, organisation: identity.organisation };
});

afterAll(async () => {
  await directory?.dispose();
});

async function setPolicy(change: Partial<PolicyInput>): Promise<void> {
  expect(await updatePolicy(ADMIN, { ...DEFAULT_POLICY, ...change })).toMatchObject({ status: 'updated' });
}

// What getRegistrationContext does, over the test directory's context instead of the environment's.
async function registrationContext(): Promise<ValidationContext> {
  return withRegistrationPolicy(baseContext, await getPolicy());
}

async function createSoftware(environment: 'sandbox' | 'production'): Promise<{ ssa: string; redirectUris: string[] }> {
  const response = await fetch(`${directory.url}/api/organisations/${ACME.directoryOrgId}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ environment }),
  });
  expect(response.status).toBe(201);
  const { ssa } = (await response.json()) as { ssa: string };
  const claims = JSON.parse(Buffer.from(ssa.split('.')[1] ?? '', 'base64url').toString('utf8')) as { software_redirect_uris: string[] };
  return { ssa, redirectUris: claims.software_redirect_uris };
}

async function registerMcr(environment: 'sandbox' | 'production', choices: Partial<ManualRegistrationChoices> = {}, context?: ValidationContext) {
  const software = await createSoftware(environment);
  return registerManualClient(
    acme,
    software.ssa,
    { tokenEndpointAuthMethod: 'private_key_jwt', scopes: ['openid', 'accounts'], redirectUris: software.redirectUris, ...choices },
    context ?? (await registrationContext()),
  );
}

async function storedStatus(clientId: string): Promise<string> {
  return (await getDb().client.findUniqueOrThrow({ where: { clientId } })).status;
}

describe('manual registration under the policy', () => {
  it.each([
    [{}, 'sandbox', 'active'],
    [{}, 'production', 'pending'],
    [{ mcrSandboxStatus: 'pending' }, 'sandbox', 'pending'],
    [{ mcrProductionStatus: 'active' }, 'production', 'active'],
    // A DCR setting never decides an MCR client.
    [{ dcrSandboxStatus: 'pending' }, 'sandbox', 'active'],
  ] as const)('%j: a %s client starts %s, and the registration event says so', async (change, environment, expected) => {
    await setPolicy(change);
    const result = await registerMcr(environment);
    if (result.status !== 'registered') throw new Error(`expected registration, got ${JSON.stringify(firstFailure(result.check.report))}`);
    expect(await storedStatus(result.clientId)).toBe(expected);
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { clientId: result.clientId, action: 'client.registered' } });
    expect(event.details).toMatchObject({ method: 'MCR', environment, status: expected });
  });

  it('refuses an auth method the policy does not allow', async () => {
    await setPolicy({ tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth'] });
    const result = await registerMcr('sandbox', { tokenEndpointAuthMethod: 'client_secret_basic' });
    expect(result.status).toBe('refused');
    expect(firstFailure(result.check.report)).toMatchObject({
      id: 'metadata.token_endpoint_auth_method',
      code: 'invalid_client_metadata',
      description: '"token_endpoint_auth_method" must be one of private_key_jwt, tls_client_auth; got "client_secret_basic"',
    });
  });

  it('refuses an SSA older than the policy allows, and accepts it without a maximum', async () => {
    await setPolicy({ maxSsaAgeSeconds: 60 });
    // Ten minutes after the directory issued the SSA.
    const later = { ...(await registrationContext()), now: () => new Date(Date.now() + 600_000) };
    const refused = await registerMcr('sandbox', {}, later);
    expect(refused.status).toBe('refused');
    expect(firstFailure(refused.check.report)).toMatchObject({
      id: 'ssa.iat',
      code: 'invalid_software_statement',
      description: '"iat" is older than the maximum age of 60 seconds',
    });
    await setPolicy({ maxSsaAgeSeconds: null });
    const accepted = await registerMcr('sandbox', {}, { ...(await registrationContext()), now: () => new Date(Date.now() + 600_000) });
    expect(accepted.status).toBe('registered');
  });
});

describe('dynamic registration under the policy', () => {
  let fixture: RegistrationFixture;

  beforeAll(async () => {
    fixture = await createRegistrationFixture();
  });

  async function dcrContext(dynamicMethods?: string[]): Promise<ValidationContext> {
    const deps = fixture.deps(dynamicMethods ? { registrationPolicy: { tokenEndpointAuthMethods: dynamicMethods } } : {});
    const context = createFixtureValidationContext(deps, {
      manualRegistrationPolicy: { tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'] },
    });
    return withRegistrationPolicy(context, await getPolicy());
  }

  async function registerDcr(jti: string, overrides: Record<string, unknown> = {}, dynamicMethods?: string[]) {
    const body = await fixture.sign(fixture.claims({ jti, ...overrides }));
    return registerDynamicClient({ body, contentType: 'application/jwt', certificatePem: fixture.certificates.leaf.pem }, await dcrContext(dynamicMethods));
  }

  it.each([
    [{}, 'active', '0c5e4d3a-1b2f-4c6d-8e9f-000000000001'],
    [{ dcrSandboxStatus: 'pending' }, 'pending', '0c5e4d3a-1b2f-4c6d-8e9f-000000000002'],
    // An MCR setting never decides a DCR client.
    [{ mcrSandboxStatus: 'pending' }, 'active', '0c5e4d3a-1b2f-4c6d-8e9f-000000000003'],
  ] as const)('%j: a sandbox DCR client starts %s', async (change, expected, jti) => {
    await setPolicy(change);
    const result = await registerDcr(jti);
    if (result.status !== 'registered') throw new Error(`expected registration, got ${JSON.stringify(result.failure)}`);
    expect(result.client.status).toBe(expected);
    expect(await storedStatus(result.client.clientId)).toBe(expected);
  });

  it('refuses a method the policy no longer allows', async () => {
    await setPolicy({ tokenEndpointAuthMethods: ['tls_client_auth'] });
    const result = await registerDcr('0c5e4d3a-1b2f-4c6d-8e9f-000000000004');
    expect(result).toMatchObject({
      status: 'refused',
      failure: { code: 'invalid_client_metadata', description: '"token_endpoint_auth_method" must be one of tls_client_auth; got "private_key_jwt"' },
    });
  });

  it('issues a client_secret_basic client its secret once, storing only the hash, when the bank enables the method', async () => {
    await setPolicy({ tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'] });
    const result = await registerDcr(
      '0c5e4d3a-1b2f-4c6d-8e9f-000000000005',
      { token_endpoint_auth_method: 'client_secret_basic', token_endpoint_auth_signing_alg: undefined },
      ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'],
    );
    if (result.status !== 'registered' || !result.secret) throw new Error(`expected a registration with a secret, got ${JSON.stringify(result)}`);
    const stored = await getDb().client.findUniqueOrThrow({ where: { clientId: result.client.clientId } });
    expect(stored.secretHash).toBe(hashClientSecret(result.secret));
    expect(stored.secretTail).toBe(result.secret.slice(-4));
  });

  it('refuses a registration JWT living longer than the policy allows, and accepts it under a longer cap', async () => {
    const lifetime = { iat: Math.floor(fixture.now.getTime() / 1000), exp: Math.floor(fixture.now.getTime() / 1000) + 900 };
    await setPolicy({ maxRegistrationJwtLifetimeSeconds: 600 });
    expect(await registerDcr('0c5e4d3a-1b2f-4c6d-8e9f-000000000007', lifetime)).toMatchObject({
      status: 'refused',
      failure: { code: 'invalid_client_metadata', description: '"exp" must be at most 10 minutes after "iat"' },
    });
    await setPolicy({ maxRegistrationJwtLifetimeSeconds: 900 });
    expect(await registerDcr('0c5e4d3a-1b2f-4c6d-8e9f-000000000007', lifetime)).toMatchObject({ status: 'registered' });
  });

  it('issues no secret for a private_key_jwt client', async () => {
    await setPolicy({ tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'] });
    const result = await registerDcr('0c5e4d3a-1b2f-4c6d-8e9f-000000000006');
    expect(result).toMatchObject({ status: 'registered', secret: null });
  });
});
