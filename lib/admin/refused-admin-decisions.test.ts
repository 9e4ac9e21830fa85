// Admin decisions that are not taken, and admin actions tried by someone who is not an admin, reach the audit trail.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { flushAuditCounters } from '@/lib/audit/flush-audit-counters';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { authorizeAdminSession } from '@/lib/auth/authorize-admin-session';
import { getDb, type Client, type Organisation } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { approveClient } from './approve-client';
import { suspendClient } from './suspend-client';

useTestDatabase();

let organisation: Organisation;
let admin: AdminActor;
let formerAdminId: string;

beforeAll(async () => {
  organisation = await getDb().organisation.create({ data: { directoryOrgId: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', status: 'Active', roles: ['AISP'] } });
  const row = await getDb().admin.create({ data: { issuer: 'https://idp.bank.example', subject: 'ada', name: 'Ada Admin', email: 'ada@bank.example', isAdmin: true } });
  admin = { id: row.id, name: row.name, email: row.email };
  formerAdminId = (await getDb().admin.create({ data: { issuer: 'https://idp.bank.example', subject: 'sam', isAdmin: false } })).id;
});

function createPendingClient(): Promise<Client> {
  return getDb().client.create({
    data: {
      clientId: randomUUID(),
      organisationId: organisation.id,
      softwareId: 'AcmeSoftware01',
      softwareClientName: 'Acme app',
      environment: 'sandbox',
      creationMethod: 'MCR',
      status: 'pending',
      tokenEndpointAuthMethod: 'private_key_jwt',
      tokenEndpointAuthSigningAlg: 'PS256',
      redirectUris: ['https://acme.example/cb'],
      scopes: ['accounts'],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      softwareStatement: 'eyJ.test.ssa',
      softwareStatementClaims: {},
      registrationMetadata: {},
    },
  });
}

const AFTER_THE_WINDOWS = () => new Date(Date.now() + 60 * 60_000);

describe('admin decisions not taken', () => {
  it('audits a decision without a reason, and changes nothing', async () => {
    const client = await createPendingClient();
    expect(await approveClient(admin, client.clientId, '   ')).toEqual({ status: 'invalid', fieldErrors: { reason: ['give a reason'] } });
    expect((await getDb().client.findUniqueOrThrow({ where: { id: client.id } })).status).toBe('pending');
    const { events } = await listAuditEvents({ clientId: client.clientId });
    expect(events).toMatchObject([
      {
        actorType: 'admin',
        actorId: admin.id,
        action: 'client.decision_refused',
        organisationId: organisation.id,
        details: { decision: 'approve', description: 'the reason was refused: give a reason', status: 'pending' },
      },
    ]);
    expect(events).toHaveLength(1);
  });

  it('audits a decision the status does not allow', async () => {
    const client = await createPendingClient();
    expect(await suspendClient(admin, client.clientId, 'looks odd')).toMatchObject({ status: 'refused', currentStatus: 'pending' });
    const { events } = await listAuditEvents({ clientId: client.clientId });
    expect(events).toMatchObject([
      { action: 'client.decision_refused', details: { decision: 'suspend', description: 'the client is pending; only an active client can be suspended', status: 'pending' } },
    ]);
  });

  it('audits a decision on a client that does not exist, without making the id its client', async () => {
    expect(await approveClient(admin, 'no-such-client', 'fine')).toEqual({ status: 'not_found' });
    const { events } = await listAuditEvents({ action: 'client.decision_refused', actorId: admin.id });
    expect(events[0]).toMatchObject({ clientId: null, details: { decision: 'approve', requestedClientId: 'no-such-client', description: 'no such client (it may have been deleted)' } });
  });
});

describe('admin actions tried by someone who is not an admin', () => {
  it('lets an admin through and records nothing', async () => {
    expect(await authorizeAdminSession({ kind: 'admin', id: admin.id }, '/admin/review/x')).toEqual(admin);
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });
    expect((await listAuditEvents({ action: 'admin.access_refused', actorId: admin.id })).events).toEqual([]);
  });

  it('refuses a TPP user and staff without the admin role, and audits who tried, counted', async () => {
    const tpp = { kind: 'tpp' as const, id: 'tpp-user-1', organisation: { id: organisation.id, directoryOrgId: organisation.directoryOrgId, name: organisation.name, roles: ['AISP'] } };
    for (const target of ['/admin/review/c-1', '/admin/clients/c-1', '/admin/policy']) expect(await authorizeAdminSession(tpp, target)).toBeNull();
    expect(await authorizeAdminSession({ kind: 'admin', id: formerAdminId }, '/admin/audit')).toBeNull();
    // Nobody signed in: a visit before sign-in, not recorded.
    expect(await authorizeAdminSession(undefined, '/admin')).toBeNull();
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });

    const { events } = await listAuditEvents({ action: 'admin.access_refused' });
    expect(events).toMatchObject([
      { actorType: 'tpp_user', actorId: 'tpp-user-1', organisationId: organisation.id, details: { target: '/admin/review/c-1', refusal: 'tpp_user', count: 3 } },
      { actorType: 'admin', actorId: formerAdminId, details: { target: '/admin/audit', refusal: 'not_admin', firstInWindow: true } },
      { actorType: 'tpp_user', actorId: 'tpp-user-1', details: { target: '/admin/review/c-1', refusal: 'tpp_user', firstInWindow: true } },
    ]);
    expect(events).toHaveLength(3);
  });
});
