import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushAuditCounters } from '@/lib/audit/flush-audit-counters';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb } from '@/lib/db';
import type { TestDirectory } from '@/directory/testing/start-test-directory';
import { ACME, BUDGET, startSandboxTpps } from '@/lib/testing/start-sandbox-tpps';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { firstFailure } from '@/lib/validation/report';
import { deleteClient } from './delete-client';
import { getOrganisationClient } from './get-organisation-client';
import { storeTestAccessToken } from '@/lib/authorization-server/testing/store-test-access-token';
import { hashClientSecret } from './hash-client-secret';
import type { ManualRegistrationChoices } from './manual-registration-choices';
import { registerManualClient } from './register-manual-client';
import { rotateClientSecret } from './rotate-client-secret';
import { updateClientRedirectUris } from './update-client-redirect-uris';

useTestDatabase();


let directory: TestDirectory;
let context: ValidationContext;
let acme: TppActor;
let budget: TppActor;

beforeAll(async () => {
  ({ directory, context, acme, budget } = await startSandboxTpps());
});

afterAll(async () => {
  await directory?.dispose();
});

async function createSoftware(orgId: string, body: Record<string, unknown> = {}): Promise<{ softwareId: string; ssa: string; redirectUris: string[] }> {
  const response = await fetch(`${directory.url}/api/organisations/${orgId}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const bundle = (await response.json()) as { software_id: string; ssa: string };
  const claims = JSON.parse(Buffer.from(bundle.ssa.split('.')[1] ?? '', 'base64url').toString('utf8')) as { software_redirect_uris: string[] };
  return { softwareId: bundle.software_id, ssa: bundle.ssa, redirectUris: claims.software_redirect_uris };
}

function choices(overrides: Partial<ManualRegistrationChoices> & { redirectUris: string[] }): ManualRegistrationChoices {
  return { tokenEndpointAuthMethod: 'private_key_jwt', scopes: ['openid', 'accounts'], ...overrides };
}

async function auditActions(clientId: string | null, actorId: string): Promise<string[]> {
  const events = await getDb().auditEvent.findMany({ where: { actorId, ...(clientId ? { clientId } : {}) }, orderBy: { id: 'asc' } });
  return events.map((event) => event.action);
}

describe('registerManualClient', () => {
  it('creates an active MCR client in the SSA environment with the chosen metadata and an audit event', async () => {
    const software = await createSoftware(ACME.directoryOrgId, { client_name: 'Acme Budget App' });
    const result = await registerManualClient(acme, software.ssa, choices({ redirectUris: software.redirectUris }), context);

    expect(result.status).toBe('registered');
    if (result.status !== 'registered') return;
    expect(result.secret).toBeNull();
    const client = await getDb().client.findUniqueOrThrow({ where: { clientId: result.clientId } });
    expect(client).toMatchObject({
      organisationId: acme.organisation.id,
      softwareId: software.softwareId,
      softwareClientName: 'Acme Budget App',
      environment: 'sandbox',
      creationMethod: 'MCR',
      status: 'active',
      tokenEndpointAuthMethod: 'private_key_jwt',
      tokenEndpointAuthSigningAlg: 'PS256',
      redirectUris: software.redirectUris,
      scopes: ['openid', 'accounts'],
      secretHash: null,
      softwareStatement: software.ssa,
    });
    expect(client.validationReport).toEqual(result.check.report);
    expect(await auditActions(result.clientId, acme.id)).toEqual(['client.registered']);
    // The software's published transport certificate is kept with the client, for the trust re-check.
    const kept = await getDb().clientCertificate.findMany({ where: { clientId: result.clientId } });
    expect(kept).toEqual([expect.objectContaining({ subjectDn: expect.stringContaining(`CN=${software.softwareId}`), trustStatus: null })]);
    expect(result.check.certificates.map((certificate) => certificate.thumbprintS256)).toEqual(kept.map((row) => row.thumbprintS256));
  });

  it('issues a client_secret_basic secret once, storing only its hash and tail', async () => {
    const software = await createSoftware(ACME.directoryOrgId);
    const result = await registerManualClient(acme, software.ssa, choices({ redirectUris: software.redirectUris, tokenEndpointAuthMethod: 'client_secret_basic' }), context);
    if (result.status !== 'registered' || !result.secret) throw new Error('expected a registered client with a secret');
    const client = await getDb().client.findUniqueOrThrow({ where: { clientId: result.clientId } });
    expect(client.secretHash).toBe(hashClientSecret(result.secret));
    expect(client.secretTail).toBe(result.secret.slice(-4));
    expect(JSON.stringify(client)).not.toContain(result.secret);
    const events = await getDb().auditEvent.findMany({ where: { clientId: result.clientId } });
    expect(JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).not.toContain(result.secret);
  });

  type RefusalCase = [string, () => ReturnType<typeof createSoftware>, Partial<ManualRegistrationChoices>, string, string];
  it.each<RefusalCase>([
    ['an SSA of another organisation', () => createSoftware(BUDGET.directoryOrgId), {}, 'mcr.organisation', 'unapproved_software_statement'],
    ['a redirect URI outside the SSA', () => createSoftware(ACME.directoryOrgId), { redirectUris: ['https://evil.example/callback'] }, 'metadata.redirect_uris', 'invalid_redirect_uri'],
    ['a scope the roles do not allow', () => createSoftware(ACME.directoryOrgId, { roles: ['AISP'] }), { scopes: ['openid', 'payments'] }, 'metadata.scope', 'invalid_client_metadata'],
  ])('refuses %s, audits the refusal and stores no client', async (_label, makeSoftware, overrides, checkId, code) => {
    const software = await makeSoftware();
    const before = await getDb().client.count();
    const result = await registerManualClient(acme, software.ssa, choices({ redirectUris: software.redirectUris, ...overrides }), context);

    expect(result.status).toBe('refused');
    expect(firstFailure(result.check.report)).toMatchObject({ id: checkId, code });
    expect(await getDb().client.count()).toBe(before);
    const refusal = await getDb().auditEvent.findFirstOrThrow({ where: { actorId: acme.id, action: 'client.registration_refused' }, orderBy: { id: 'desc' } });
    expect(refusal.details).toMatchObject({ method: 'MCR', check: checkId, error: code });
  });

  it("refuses a tls_client_auth DN of another organisation, naming the software's from its JWKS, and takes that one", async () => {
    const software = await createSoftware(ACME.directoryOrgId);
    const other = 'CN=OtherSoftware0009,OU=0015800001OTHERORG,O=OpenBanking,C=GB';
    const refused = await registerManualClient(acme, software.ssa, choices({ redirectUris: software.redirectUris, tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: other }), context);
    expect(refused.status).toBe('refused');
    const expectedDn = refused.check.software?.transportSubjectDn;
    expect(expectedDn).toEqual(expect.stringContaining(`CN=${software.softwareId}`));
    expect(firstFailure(refused.check.report)).toMatchObject({
      id: 'metadata.tls_client_auth_subject_dn',
      code: 'invalid_client_metadata',
      description: `"tls_client_auth_subject_dn" must be the subject of the software's transport certificate, ${JSON.stringify(expectedDn)}; got ${JSON.stringify(other)}`,
    });
    const registered = await registerManualClient(
      acme,
      software.ssa,
      choices({ redirectUris: software.redirectUris, tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: expectedDn ?? '' }),
      context,
    );
    expect(registered.status).toBe('registered');
  });

  it("refuses software whose roles the organisation's directory roles do not cover", async () => {
    const software = await createSoftware(ACME.directoryOrgId, { roles: ['AISP', 'PISP'] });
    const aispOnly: TppActor = { ...acme, organisation: { ...acme.organisation, roles: ['AISP'] } };
    const result = await registerManualClient(aispOnly, software.ssa, choices({ redirectUris: software.redirectUris }), context);
    expect(firstFailure(result.check.report)).toMatchObject({
      id: 'mcr.roles',
      code: 'unapproved_software_statement',
      description: '"software_roles" includes PISP, which the directory does not give your organisation',
    });
  });
});

describe('client lifecycle, scoped to the organisation', () => {
  async function registerSecretClient(): Promise<{ clientId: string; secret: string; redirectUris: string[] }> {
    const software = await createSoftware(ACME.directoryOrgId, { redirect_uris: ['https://acme.example/a', 'https://acme.example/b'] });
    const result = await registerManualClient(acme, software.ssa, choices({ redirectUris: software.redirectUris, tokenEndpointAuthMethod: 'client_secret_basic' }), context);
    if (result.status !== 'registered' || !result.secret) throw new Error('expected a registered client with a secret');
    return { clientId: result.clientId, secret: result.secret, redirectUris: software.redirectUris };
  }

  it("answers another organisation's client id as not found everywhere", async () => {
    const { clientId } = await registerSecretClient();
    expect(await getOrganisationClient(budget, clientId)).toBeNull();
    expect(await rotateClientSecret(budget, clientId)).toEqual({ status: 'not_found' });
    expect(await updateClientRedirectUris(budget, clientId, ['https://acme.example/a'], context)).toEqual({ status: 'not_found' });
    expect(await deleteClient({ type: 'tpp_user', id: budget.id }, budget.organisation.id, clientId)).toBe(false);
    expect(await getOrganisationClient(acme, clientId)).toMatchObject({ clientId, status: 'active' });

    expect(await getOrganisationClient(budget, clientId)).toBeNull();

    // Audited for the bank (on the owner's organisation), counted per operation: each first attempt at once, and a
    // repeated one in a summary with its count (a read and an update are not one attempt counted twice).
    await flushAuditCounters(getDb(), { now: new Date(Date.now() + 60 * 60_000) });
    const { events } = await listAuditEvents({ action: 'client.access_refused', clientId });
    const attempt = { actorType: 'tpp_user', actorId: budget.id, clientId, organisationId: acme.organisation.id };
    const reason = { actorOrganisationId: budget.organisation.id, reason: 'the client belongs to another organisation' };
    expect(events).toMatchObject([
      { ...attempt, details: { ...reason, operation: 'read', count: 2, firstAt: expect.any(String), lastAt: expect.any(String) } },
      ...['delete', 'update_redirect_uris', 'rotate_secret', 'read'].map((operation) => ({ ...attempt, details: { ...reason, operation, firstInWindow: true } })),
    ]);
    expect(events).toHaveLength(5);
  });

  it('does not audit an id that names no client as another organisation\'s', async () => {
    expect(await getOrganisationClient(budget, 'no-such-client')).toBeNull();
    await flushAuditCounters(getDb(), { now: new Date(Date.now() + 60 * 60_000) });
    expect((await listAuditEvents({ action: 'client.access_refused', actorId: budget.id, clientId: 'no-such-client' })).events).toEqual([]);
  });

  it('rotates a secret so that only the new one is valid', async () => {
    const { clientId, secret } = await registerSecretClient();
    const rotated = await rotateClientSecret(acme, clientId);
    if (rotated.status !== 'rotated') throw new Error('expected a rotation');
    const client = await getDb().client.findUniqueOrThrow({ where: { clientId } });
    expect(client.secretHash).toBe(hashClientSecret(rotated.secret));
    expect(client.secretHash).not.toBe(hashClientSecret(secret));
    expect(await auditActions(clientId, acme.id)).toEqual(['client.registered', 'client.secret_rotated']);
  });

  it('has no secret to rotate for a private_key_jwt client', async () => {
    const software = await createSoftware(ACME.directoryOrgId);
    const result = await registerManualClient(acme, software.ssa, choices({ redirectUris: software.redirectUris }), context);
    if (result.status !== 'registered') throw new Error('expected a registered client');
    expect(await rotateClientSecret(acme, result.clientId)).toEqual({ status: 'no_secret' });
  });

  it('narrows redirect URIs within the SSA and refuses any outside it', async () => {
    const { clientId } = await registerSecretClient();
    expect(await updateClientRedirectUris(acme, clientId, ['https://acme.example/b'], context)).toEqual({ status: 'updated' });
    expect((await getDb().client.findUniqueOrThrow({ where: { clientId } })).redirectUris).toEqual(['https://acme.example/b']);

    const refused = await updateClientRedirectUris(acme, clientId, ['https://acme.example/b', 'https://elsewhere.example/cb'], context);
    expect(refused.status).toBe('refused');
    if (refused.status === 'refused') expect(firstFailure(refused.report)).toMatchObject({ id: 'metadata.redirect_uris', code: 'invalid_redirect_uri' });
    expect((await getDb().client.findUniqueOrThrow({ where: { clientId } })).redirectUris).toEqual(['https://acme.example/b']);
    const audited = await getDb().auditEvent.findFirstOrThrow({ where: { clientId, action: 'client.redirect_uris_update_refused' } });
    expect(audited).toMatchObject({
      actorType: 'tpp_user',
      actorId: acme.id,
      organisationId: acme.organisation.id,
      details: {
        from: ['https://acme.example/b'],
        to: ['https://acme.example/b', 'https://elsewhere.example/cb'],
        code: 'invalid_redirect_uri',
        description: expect.stringContaining('redirect_uris'),
      },
    });
  });

  it("refuses a redirect URI with markup, though the SSA lists it, and keeps the client's URIs", async () => {
    const markup = 'https://acme.example/cb"><script>';
    const software = await createSoftware(ACME.directoryOrgId, { redirect_uris: ['https://acme.example/a', markup] });
    const registered = await registerManualClient(acme, software.ssa, choices({ redirectUris: ['https://acme.example/a'] }), context);
    if (registered.status !== 'registered') throw new Error('expected a registered client');
    const refused = await updateClientRedirectUris(acme, registered.clientId, [markup], context);
    expect(refused.status).toBe('refused');
    if (refused.status === 'refused') {
      expect(firstFailure(refused.report)).toMatchObject({
        id: 'metadata.redirect_uris',
        code: 'invalid_redirect_uri',
        description: '"redirect_uris" must not contain markup, quotes, whitespace or control characters; got "https://acme.example/cb\\"><script>"',
      });
    }
    expect((await getDb().client.findUniqueOrThrow({ where: { clientId: registered.clientId } })).redirectUris).toEqual(['https://acme.example/a']);
  });

  it('deletes a client once, revoking its tokens and forgetting its secret', async () => {
    const { clientId } = await registerSecretClient();
    await storeTestAccessToken(getDb(), { clientId, certificateThumbprint: 'a-thumbprint' });

    expect(await deleteClient({ type: 'tpp_user', id: acme.id }, acme.organisation.id, clientId)).toBe(true);
    expect(await deleteClient({ type: 'tpp_user', id: acme.id }, acme.organisation.id, clientId)).toBe(false);

    const deleted = await getDb().client.findUniqueOrThrow({ where: { clientId } });
    expect(deleted).toMatchObject({ status: 'revoked', secretHash: null });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(await getDb().authorizationServerPayload.count({ where: { clientId } })).toBe(0);
    expect(await getOrganisationClient(acme, clientId)).toBeNull();
    const deletion = await getDb().auditEvent.findFirstOrThrow({ where: { clientId, action: 'client.deleted' } });
    expect(deletion.details).toEqual({ tokensRevoked: 1 });
  });
});
