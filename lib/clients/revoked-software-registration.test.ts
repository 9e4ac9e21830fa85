// Issue 15, defect 3: a revoked client came back by registering again — the same SSA registered a new, active client
// over DCR that got tokens at once. Real parts: the registration functions the API host and the portal call, the
// test database, the embedded authorization server's provisioning, the audit trail.
import { DEFAULT_POLICY_INPUT } from '@/lib/testing/default-policy-input';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { approveClient } from '@/lib/admin/approve-client';
import { listPendingClients } from '@/lib/admin/list-pending-clients';
import { revokeClient } from '@/lib/admin/revoke-client';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { isSessionLive } from '@/lib/auth/is-session-live';
import { recordSignIn } from '@/lib/auth/record-sign-in';
import { startSession } from '@/lib/auth/start-session';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb } from '@/lib/db';
import { getPolicy } from '@/lib/policy/get-policy';
import { updatePolicy } from '@/lib/policy/update-policy';
import { withRegistrationPolicy } from '@/lib/policy/with-registration-policy';
import { REGISTRATION_REVOCATION_CHECKS } from '@/lib/registration/check-registration-revocations';
import { liftRevocation } from '@/lib/software-revocation/lift-revocation';
import { listRevocations } from '@/lib/software-revocation/list-revocations';
import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { createFixtureValidationContext } from '@/lib/testing/registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import type { ManualRegistrationChoices } from './manual-registration-choices';
import { registerDynamicClient } from './register-dynamic-client';
import { registerManualClient } from './register-manual-client';

useTestDatabase();

const ADMIN: AdminActor = { id: 'admin-revocation-1', name: 'Rita Reviewer', email: 'rita@bank.example' };

const POLICY = DEFAULT_POLICY_INPUT;

let fixture: RegistrationFixture;
let tpp: TppActor;
let choices: ManualRegistrationChoices;
/** Another software of the same organisation. */
let otherSoftwareSsa: string;

beforeAll(async () => {
  fixture = await createRegistrationFixture();
  const organisation = { directoryOrgId: fixture.orgId, name: fixture.ssaClaims.org_name as string, roles: ['AISP', 'PISP'] };
  const identity = await recordSignIn('https://directory.test', { subject: 'alice', email: null, name: null, organisation });
  tpp = { id: identity.userId, organisation: identity.organisation };
  choices = { tokenEndpointAuthMethod: 'private_key_jwt', scopes: ['openid', 'accounts'], redirectUris: fixture.ssaClaims.software_redirect_uris as string[] };
  otherSoftwareSsa = await signTestJws(buildSoftwareStatementClaims({ software_id: 'OtherSoftware0002', software_client_name: 'Other App' }), fixture.directoryKey);
});

// The registration context as the API host builds it: the configuration narrowed by the bank's current policy.
async function registrationContext(): Promise<ValidationContext> {
  return withRegistrationPolicy(createFixtureValidationContext(fixture.deps()), await getPolicy());
}

async function registerOverDcr(jti: string = randomUUID()) {
  const request = { body: await fixture.sign(fixture.claims({ jti })), contentType: 'application/jwt', certificatePem: fixture.certificates.leaf.pem };
  return registerDynamicClient(request, await registrationContext());
}

async function registerInPortal(softwareStatement: string = fixture.ssa) {
  return registerManualClient(tpp, softwareStatement, choices, await registrationContext());
}

async function standingSoftwareRevocation(softwareId: string = fixture.softwareId) {
  return getDb().softwareRevocation.findFirstOrThrow({ where: { softwareId, liftedAt: null } });
}

async function lastEvent(action: string) {
  return getDb().auditEvent.findFirstOrThrow({ where: { action }, orderBy: { id: 'desc' } });
}

async function registeredOverDcr() {
  const result = await registerOverDcr();
  if (result.status !== 'registered') throw new Error(`expected a registration, got ${JSON.stringify(result)}`);
  return result.client;
}

async function snapshot() {
  const db = getDb();
  return {
    clients: await db.client.count(),
    servedClients: await db.authorizationServerPayload.count({ where: { kind: 'Client' } }),
    provisioningTasks: await db.provisioningTask.count(),
  };
}

function revokedOn(at: Date): string {
  return at.toISOString().slice(0, 10);
}

describe('a revoked client does not come back by registering again', () => {
  it('refuses the same SSA over DCR once its client was revoked: unapproved_software_statement, nothing created, audited', async () => {
    const first = await registerOverDcr();
    if (first.status !== 'registered') throw new Error('expected the first registration to pass');
    expect(first.client.status).toBe('active');
    expect(await revokeClient(ADMIN, first.client.clientId, 'fraud reported by the directory')).toMatchObject({ status: 'changed', to: 'revoked' });

    const before = await snapshot();
    const jti = randomUUID();
    const again = await registerOverDcr(jti);
    expect(again.status).toBe('refused');
    const revocation = await getDb().softwareRevocation.findFirstOrThrow({ where: { softwareId: fixture.softwareId, liftedAt: null } });
    const description = `software "${fixture.softwareId}" was revoked by the bank on ${revokedOn(revocation.revokedAt)}; registrations for it are refused until an admin lifts the revocation`;
    expect(again).toMatchObject({ status: 'refused', failure: { id: 'revocation.software', code: 'unapproved_software_statement', outcome: 'fail', description } });
    expect(await snapshot()).toEqual(before);
    // As for every refusal after the replay check (a bad certificate, bad metadata): the jti stays claimed.
    expect(await getDb().replayGuard.count({ where: { key: `registration:${fixture.softwareId}:${jti}` } })).toBe(1);
    const refusal = await lastEvent('client.registration_refused');
    expect(refusal.details).toEqual({ method: 'DCR', check: 'revocation.software', error: 'unapproved_software_statement', description });
    // The software's revocation went with the client's, in its transaction: one audited decision.
    expect(revocation).toMatchObject({ environment: 'sandbox', organisationId: first.client.organisationId, clientId: first.client.clientId, revokedBy: ADMIN.id, reason: 'fraud reported by the directory' });
    expect((await lastEvent('software.revoked')).details).toEqual({ revocationId: revocation.id, softwareId: fixture.softwareId, environment: 'sandbox', reason: 'fraud reported by the directory' });
  });

  it('refuses it in the portal (MCR) likewise, with the check in the report and its hint', async () => {
    const before = await snapshot();
    const result = await registerInPortal();
    const revocation = await standingSoftwareRevocation();
    expect(result.status).toBe('refused');
    expect(result.check.report.entries.find((entry) => entry.outcome === 'fail')).toEqual({
      ...REGISTRATION_REVOCATION_CHECKS.software,
      outcome: 'fail',
      description: `software "${fixture.softwareId}" was revoked by the bank on ${revokedOn(revocation.revokedAt)}; registrations for it are refused until an admin lifts the revocation`,
    });
    expect(await snapshot()).toEqual(before);
    expect((await lastEvent('client.registration_refused')).details).toMatchObject({ method: 'MCR', check: 'revocation.software', error: 'unapproved_software_statement' });
  });

  it('lists the revocation for admins', async () => {
    const revocation = await standingSoftwareRevocation();
    expect(await listRevocations()).toMatchObject({
      software: [{ id: revocation.id, softwareId: fixture.softwareId, environment: 'sandbox', organisationName: 'Test TPP Ltd', reason: 'fraud reported by the directory' }],
      organisations: [],
    });
  });

  it('under the hold policy, registers pending (never served, never approved while revoked), marked for review', async () => {
    expect(await updatePolicy(ADMIN, { ...POLICY, revokedSoftwareRegistrations: 'hold' })).toMatchObject({ status: 'updated' });
    try {
      const held = await registeredOverDcr();
      const revocation = await standingSoftwareRevocation();
      expect(held.status).toBe('pending');
      expect((await listPendingClients()).clients).toMatchObject([{ clientId: held.clientId, revoked: 'software' }]);
      expect(await getDb().authorizationServerPayload.count({ where: { kind: 'Client', id: held.clientId } })).toBe(0);
      expect((await lastEvent('client.registered')).details).toMatchObject({ status: 'pending', heldForRevocations: { software: revocation.id, organisation: null } });
      expect(await approveClient(ADMIN, held.clientId, 'looks fine')).toEqual({
        status: 'refused',
        currentStatus: 'pending',
        description: `the bank revoked the client's software "${fixture.softwareId}" on ${revokedOn(revocation.revokedAt)}: lift the revocation before the client can be approved`,
      });
      expect(await getDb().client.findUniqueOrThrow({ where: { id: held.id }, select: { status: true } })).toEqual({ status: 'pending' });
      expect(await getDb().authorizationServerPayload.count({ where: { kind: 'Client', id: held.clientId } })).toBe(0);
    } finally {
      await updatePolicy(ADMIN, POLICY);
    }
  });

  it('registers again once an admin lifts the revocation, which is audited', async () => {
    const revocation = await standingSoftwareRevocation();
    expect(await liftRevocation(ADMIN, 'software', revocation.id, '  ')).toEqual({ status: 'invalid', fieldErrors: { reason: ['give a reason'] } });
    expect(await liftRevocation(ADMIN, 'software', revocation.id, 'the directory cleared the TPP')).toEqual({ status: 'lifted' });
    expect(await liftRevocation(ADMIN, 'software', revocation.id, 'twice')).toEqual({ status: 'not_found' });
    expect(await getDb().softwareRevocation.findUniqueOrThrow({ where: { id: revocation.id } })).toMatchObject({ liftedBy: ADMIN.id, liftReason: 'the directory cleared the TPP' });
    expect(await lastEvent('software.revocation_lifted')).toMatchObject({
      actorType: 'admin',
      actorId: ADMIN.id,
      details: { revocationId: revocation.id, softwareId: fixture.softwareId, environment: 'sandbox', reason: 'the directory cleared the TPP' },
    });
    const client = await registeredOverDcr();
    expect(client.status).toBe('active');
    expect(await getDb().authorizationServerPayload.count({ where: { kind: 'Client', id: client.clientId } })).toBe(1);
    expect(await registerInPortal()).toMatchObject({ status: 'registered' });
  });

  it("revoking the organisation (an admin's option) blocks its other software too, until lifted", async () => {
    const client = await registeredOverDcr();
    // Alice is signed in for the organisation: the revocation ends her session at once.
    const session = await startSession({ kind: 'tpp', tppUserId: tpp.id, organisationId: tpp.organisation.id });
    expect(await isSessionLive(session.id)).toBe(true);
    expect(await revokeClient(ADMIN, client.clientId, 'the TPP lost its authorisation', { alsoRevokeSoftware: false, alsoRevokeOrganisation: true })).toMatchObject({
      status: 'changed',
    });
    expect(await getDb().softwareRevocation.count({ where: { liftedAt: null } })).toBe(0);
    const revocation = await getDb().organisationRevocation.findFirstOrThrow({ where: { liftedAt: null } });
    expect(revocation).toMatchObject({ organisationId: client.organisationId, clientId: client.clientId, revokedBy: ADMIN.id });
    expect((await lastEvent('organisation.revoked')).details).toEqual({ revocationId: revocation.id, reason: 'the TPP lost its authorisation', sessionsEnded: 1 });
    expect(await isSessionLive(session.id)).toBe(false);

    const description = `organisation "${fixture.orgId}" was revoked by the bank on ${revokedOn(revocation.revokedAt)}; registrations of its software are refused until an admin lifts the revocation`;
    const other = await registerInPortal(otherSoftwareSsa);
    expect(other.status).toBe('refused');
    expect(other.check.report.entries.find((entry) => entry.outcome === 'fail')).toMatchObject({ id: 'revocation.organisation', code: 'unapproved_software_statement', description });
    expect(await registerOverDcr()).toMatchObject({ status: 'refused', failure: { id: 'revocation.organisation', description } });

    expect(await liftRevocation(ADMIN, 'organisation', revocation.id, 'authorisation restored')).toEqual({ status: 'lifted' });
    expect((await lastEvent('organisation.revocation_lifted')).details).toEqual({ revocationId: revocation.id, reason: 'authorisation restored' });
    expect(await registerInPortal(otherSoftwareSsa)).toMatchObject({ status: 'registered' });
  });
});
