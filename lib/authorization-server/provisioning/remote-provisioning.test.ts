// Issue 10 (part 3): the remote adapter against a second, separately configured oidc-provider that plays the bank's
// own authorization server (RFC 7591 registration with an initial access token, RFC 7592 management), over real
// HTTP, through the real lifecycle functions and the outbox, on the test database (PGlite, or PostgreSQL with
// DATABASE_URL). Faults: the server stopped (connections refused), slowed beyond the timeout, a process that died
// between its commit and the server call, a registration whose answer was lost.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveClient } from '@/lib/admin/approve-client';
import { reactivateClient } from '@/lib/admin/reactivate-client';
import { suspendClient } from '@/lib/admin/suspend-client';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { deleteClient } from '@/lib/clients/delete-client';
import { registerDynamicClient } from '@/lib/clients/register-dynamic-client';
import { updateDynamicClient } from '@/lib/clients/update-dynamic-client';
import { getDb, type Client, type Prisma } from '@/lib/db';
import { createFixtureValidationContext } from '@/lib/testing/registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { PEER_INITIAL_ACCESS_TOKEN, startRegistrationPeer, type RegistrationPeer } from '../testing/start-registration-peer';
import type { AuthorizationServerProvisioning } from './authorization-server-provisioning';
import { AuthorizationServerUnavailableError } from './authorization-server-unavailable-error';
import { createRemoteProvisioning } from './create-remote-provisioning';

useTestDatabase();

const TIMEOUT_MS = 400;
const ADMIN: AdminActor = { id: 'admin-remote-1', name: 'Rita Reviewer', email: 'rita@bank.example' };

let peer: RegistrationPeer;
let fixture: RegistrationFixture;
let context: ValidationContext;
let provisioning: AuthorizationServerProvisioning;
const logged: string[] = [];

beforeAll(async () => {
  [peer, fixture] = await Promise.all([startRegistrationPeer(), createRegistrationFixture()]);
  context = createFixtureValidationContext(fixture.deps());
  provisioning = createProvisioning();
});

afterAll(async () => {
  await peer?.close();
});

/** A runner of the adapter, as one instance of the API host has it. */
function createProvisioning(): AuthorizationServerProvisioning {
  return createRemoteProvisioning({
    issuer: peer.issuer,
    initialAccessToken: PEER_INITIAL_ACCESS_TOKEN,
    timeoutMs: TIMEOUT_MS,
    maxBytes: 64 * 1024,
    getPrisma: getDb,
    maxBackoffMs: 100,
    leaseMs: 3_000,
    logError: (message) => logged.push(message),
  });
}

async function registrationRequest(claims: Record<string, unknown> = {}) {
  const body = await fixture.sign(fixture.claims({ jti: randomUUID(), ...claims }));
  return { body, contentType: 'application/jwt', certificatePem: fixture.certificates.leaf.pem };
}

async function register(options: { provisioning?: AuthorizationServerProvisioning } = { provisioning }): Promise<Client> {
  const result = await registerDynamicClient(await registrationRequest(), context, options);
  if (result.status !== 'registered') throw new Error(`registration refused: ${result.failure.id}`);
  return result.client;
}

async function pendingTasks(): Promise<string[]> {
  const tasks = await getDb().$queryRaw<{ clientId: string }[]>`SELECT "clientId" FROM "ProvisioningTask" WHERE "syncedGeneration" < generation ORDER BY "clientId"`;
  return tasks.map((task) => task.clientId);
}

/** The worker on its interval (here every 50 ms), until no task is left or 5 s have passed. */
async function runWorkerUntilDone(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await pendingTasks()).length > 0 && Date.now() < deadline) {
    await provisioning.runDueTasks();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await pendingTasks()).toEqual([]);
}

async function withPeerStopped<T>(run: () => Promise<T>): Promise<T> {
  await peer.stop();
  try {
    return await run();
  } finally {
    await peer.start();
  }
}

describe('the remote adapter over RFC 7591/7592', () => {
  it('registers the client under its Onboard id, replaces its metadata on PUT, follows suspension and reactivation, and deletes it', async () => {
    const client = await register();
    expect(await peer.findClient(client.clientId)).toMatchObject({
      client_id: client.clientId,
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
      jwks_uri: fixture.softwareJwksEndpoint,
      scope: 'openid accounts payments',
      software_id: fixture.softwareId,
      tls_client_certificate_bound_access_tokens: true,
    });
    const stored = await getDb().remoteClientRegistration.findUniqueOrThrow({ where: { clientId: client.clientId } });
    expect(stored.registrationClientUri).toBe(`${peer.issuer}/reg/${client.clientId}`);

    const updated = await updateDynamicClient(client, await registrationRequest({ scope: 'openid accounts' }), context, { provisioning });
    expect(updated.status).toBe('updated');
    expect(await peer.findClient(client.clientId)).toMatchObject({ scope: 'openid accounts' });
    // The peer rotates the registration access token on every update (RFC 7592 §2.2): the new one is kept.
    const afterUpdate = await getDb().remoteClientRegistration.findUniqueOrThrow({ where: { clientId: client.clientId } });
    expect(afterUpdate.registrationAccessToken).not.toBe(stored.registrationAccessToken);

    expect(await suspendClient(ADMIN, client.clientId, 'suspicious traffic', { provisioning })).toMatchObject({ status: 'changed', to: 'suspended' });
    expect(await peer.findClient(client.clientId)).toBeNull();
    expect(await reactivateClient(ADMIN, client.clientId, 'resolved', { provisioning })).toMatchObject({ status: 'changed', to: 'active' });
    expect(await peer.findClient(client.clientId)).toMatchObject({ client_id: client.clientId, scope: 'openid accounts' });

    expect(await deleteClient({ type: 'client', id: client.clientId }, client.organisationId, client.clientId, { provisioning })).toBe(true);
    expect(await peer.findClient(client.clientId)).toBeNull();
    expect(await getDb().remoteClientRegistration.findUnique({ where: { clientId: client.clientId } })).toBeNull();
    expect(await pendingTasks()).toEqual([]);
  });

  it('replays a task harmlessly: nothing is sent again for a client the server holds as it is', async () => {
    const client = await register();
    const before = { registrations: peer.registrations(), client: await peer.findClient(client.clientId), stored: await getDb().remoteClientRegistration.findUnique({ where: { clientId: client.clientId } }) };
    for (let replay = 0; replay < 2; replay += 1) {
      await getDb().$transaction((tx) => provisioning.recordClientChange(tx, client.clientId));
      expect(await provisioning.runDueTasks()).toEqual({ synced: 1, failed: 0 });
    }
    expect({
      registrations: peer.registrations(),
      client: await peer.findClient(client.clientId),
      stored: await getDb().remoteClientRegistration.findUnique({ where: { clientId: client.clientId } }),
    }).toEqual(before);
  });
});

describe('faults', () => {
  it('refuses a registration cleanly while the server is down, withdrawing it; a suspension stands and reaches the server once it is back', async () => {
    const active = await register();
    const [refusal, suspension] = await withPeerStopped(async () => [
      await registerDynamicClient(await registrationRequest(), context, { provisioning }).catch((error: unknown) => error),
      await suspendClient(ADMIN, active.clientId, 'suspicious traffic', { provisioning }),
    ]);
    expect(refusal).toBeInstanceOf(AuthorizationServerUnavailableError);
    expect(refusal).toMatchObject({ error: 'temporarily_unavailable', description: 'the authorization server could not be reached; the client was not registered: register again later' });
    const withdrawn = await getDb().client.findFirstOrThrow({ where: { deletedAt: { not: null }, statusReason: { contains: 'withdrawn' } }, orderBy: { createdAt: 'desc' } });
    expect(withdrawn).toMatchObject({ status: 'revoked' });
    expect(await getDb().auditEvent.count({ where: { clientId: withdrawn.clientId, action: 'client.registration_withdrawn' } })).toBe(1);
    expect(suspension).toEqual({
      status: 'unavailable',
      description: 'the authorization server could not be reached; the client is suspended at Onboard, and the authorization server will follow as soon as it answers',
    });
    expect(await getDb().client.findUniqueOrThrow({ where: { clientId: active.clientId } })).toMatchObject({ status: 'suspended' });
    expect(await peer.findClient(active.clientId)).not.toBeNull();

    // Back, with no restart: the worker finishes both.
    await runWorkerUntilDone();
    expect(await peer.findClient(active.clientId)).toBeNull();
    expect(await peer.findClient(withdrawn.clientId)).toBeNull();
    expect(await register()).toMatchObject({ status: 'active' });
  });

  it('undoes an approval the server could not take: the client stays pending on both sides', async () => {
    const client = await register();
    await getDb().$transaction(async (tx) => {
      await tx.client.update({ where: { id: client.id }, data: { status: 'pending' } });
      await provisioning.recordClientChange(tx, client.clientId);
    });
    await runWorkerUntilDone();
    const result = await withPeerStopped(() => approveClient(ADMIN, client.clientId, 'evidence checked', { provisioning }));
    expect(result).toEqual({ status: 'unavailable', description: 'the authorization server could not be reached; the client was not approved' });
    expect(await getDb().client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ status: 'pending' });
    await runWorkerUntilDone();
    expect(await peer.findClient(client.clientId)).toBeNull();
  });

  it('refuses cleanly when the server answers too slowly, and nothing of that registration stays on either side', async () => {
    peer.setDelay(TIMEOUT_MS * 3);
    let refusal: unknown;
    try {
      refusal = await registerDynamicClient(await registrationRequest(), context, { provisioning }).catch((error: unknown) => error);
    } finally {
      peer.setDelay(0);
    }
    expect(refusal).toMatchObject({ error: 'temporarily_unavailable', description: `the authorization server did not answer within ${TIMEOUT_MS} ms; the client was not registered: register again later` });
    const withdrawn = await getDb().client.findFirstOrThrow({ where: { statusReason: { contains: 'withdrawn' } }, orderBy: { createdAt: 'desc' } });
    // Whatever the late request did there, the worker undoes it.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
    await runWorkerUntilDone();
    expect(await peer.findClient(withdrawn.clientId)).toBeNull();
    expect(await getDb().remoteClientRegistration.findUnique({ where: { clientId: withdrawn.clientId } })).toBeNull();
  });

  it('leaves a task the worker finishes when the process dies between its commit and the server call', async () => {
    // The process "dies" right after the commit: the request never reaches the server.
    const dying: AuthorizationServerProvisioning = {
      ...provisioning,
      recordClientChange: (tx, clientId) => provisioning.recordClientChange(tx, clientId),
      confirmClientChange: () => Promise.reject(new Error('killed')),
    };
    const registrationsBefore = peer.registrations();
    await expect(register({ provisioning: dying })).rejects.toThrow('killed');
    expect(peer.registrations()).toBe(registrationsBefore);
    const [clientId] = await pendingTasks();
    if (clientId === undefined) throw new Error('expected a pending task');
    expect(await getDb().client.findUniqueOrThrow({ where: { clientId } })).toMatchObject({ status: 'active', deletedAt: null });

    // Another instance's worker takes it.
    await createProvisioning().runDueTasks();
    expect(await peer.findClient(clientId)).toMatchObject({ client_id: clientId });
    expect(await pendingTasks()).toEqual([]);
  });

  it('deletes what a registration created whose answer was lost, by registering it again under the same id', async () => {
    const client = await register();
    // As after a crash between sending the registration and storing its answer: the peer holds the client, Onboard
    // only knows that a registration was out. Then the client is deleted.
    await getDb().remoteClientRegistration.update({ where: { clientId: client.clientId }, data: { registrationClientUri: null, registrationAccessToken: null, metadataSha256: null } });
    const registrationsBefore = peer.registrations();
    expect(await deleteClient({ type: 'client', id: client.clientId }, client.organisationId, client.clientId, { provisioning })).toBe(true);
    expect(peer.registrations() - registrationsBefore).toBe(1);
    expect(await peer.findClient(client.clientId)).toBeNull();
    expect(await getDb().remoteClientRegistration.findUnique({ where: { clientId: client.clientId } })).toBeNull();
  });

  it('lets one of two instances run each task', async () => {
    const clientIds = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const clientId = randomUUID();
        await insertLegacyClient(clientId);
        await getDb().$transaction((tx) => provisioning.recordClientChange(tx, clientId));
        return clientId;
      }),
    );
    const registrationsBefore = peer.registrations();
    const reports = await Promise.all([createProvisioning().runDueTasks(), createProvisioning().runDueTasks()]);
    expect(reports.reduce((total, report) => total + report.synced, 0)).toBe(4);
    expect(peer.registrations() - registrationsBefore).toBe(4);
    for (const clientId of clientIds) expect(await peer.findClient(clientId)).not.toBeNull();
  });
});

describe('backfill', () => {
  it('provisions clients registered before provisioning existed, removes what Onboard no longer serves, and a second run changes nothing', async () => {
    const [legacyA, legacyB] = [randomUUID(), randomUUID()];
    await insertLegacyClient(legacyA);
    await insertLegacyClient(legacyB);
    const gone = await register();
    // Deleted while provisioning did not reach the server (rows written directly, as a database restore would).
    await getDb().client.update({ where: { id: gone.id }, data: { deletedAt: new Date(), status: 'revoked' } });

    const first = await provisioning.backfill();
    expect(first).toMatchObject({ deprovisioned: 1, failed: 0 });
    expect(first.provisioned).toBeGreaterThanOrEqual(2);
    expect(await peer.findClient(legacyA)).toMatchObject({ client_id: legacyA });
    expect(await peer.findClient(legacyB)).toMatchObject({ client_id: legacyB });
    expect(await peer.findClient(gone.clientId)).toBeNull();

    const registrations = peer.registrations();
    expect(await provisioning.backfill()).toEqual({ provisioned: 0, updated: 0, deprovisioned: 0, failed: 0 });
    expect(peer.registrations()).toBe(registrations);
  });
});

async function insertLegacyClient(clientId: string): Promise<void> {
  const organisation = await getDb().organisation.upsert({
    where: { directoryOrgId: fixture.orgId },
    create: { directoryOrgId: fixture.orgId, name: 'Legacy TPP', status: 'Active', roles: ['AISP'] },
    update: {},
  });
  await getDb().client.create({
    data: {
      clientId,
      organisationId: organisation.id,
      softwareId: fixture.softwareId,
      softwareClientName: 'Legacy client',
      environment: 'sandbox',
      creationMethod: 'DCR',
      status: 'active',
      tokenEndpointAuthMethod: 'tls_client_auth',
      tlsClientAuthSubjectDn: `CN=${fixture.softwareId},OU=${fixture.orgId},O=OpenBanking,C=GB`,
      redirectUris: [],
      scopes: ['openid', 'accounts'],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      softwareStatement: fixture.ssa,
      softwareStatementClaims: fixture.ssaClaims as Prisma.InputJsonObject,
      registrationMetadata: {},
    },
  });
}
