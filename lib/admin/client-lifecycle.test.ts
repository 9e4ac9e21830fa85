import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadAuditAnchorStore } from '@/lib/audit/load-audit-anchor-store';
import { readAuditAnchors } from '@/lib/audit/read-audit-anchors';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { deleteClient } from '@/lib/clients/delete-client';
import { provisionEmbeddedClient } from '@/lib/authorization-server/provision-embedded-client';
import { storeTestAccessToken } from '@/lib/authorization-server/testing/store-test-access-token';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { getDb, type Client, type ClientStatus } from '@/lib/db';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import type { TokenTestFixture } from '@/lib/tokens/testing/start-token-test-fixture';
import { approveClient } from './approve-client';
import { changeClientStatus } from './change-client-status';
import type { ClientTransition } from './client-transitions';
import { reactivateClient } from './reactivate-client';
import { rejectClient } from './reject-client';
import { revokeClient } from './revoke-client';
import { suspendClient } from './suspend-client';

let fixture: TokenTestFixture;

useTokenTestFixture((started) => (fixture = started));

const ADMIN: AdminActor = { id: 'admin-lifecycle-1', name: 'Rita Reviewer', email: 'rita@bank.example' };
const OTHER_ADMIN: AdminActor = { id: 'admin-lifecycle-2', name: 'Sam Second', email: 'sam@bank.example' };
const STATUSES: ClientStatus[] = ['pending', 'active', 'suspended', 'revoked', 'rejected'];
// Every client here is of the fixture's one software: revoking it with a client (the default, issue 15) would refuse
// the approvals and reactivations of the other cases; lib/clients/revoked-software-registration.test.ts covers it.
const revokeClientOnly: typeof revokeClient = (admin, clientId, reason) => revokeClient(admin, clientId, reason, { alsoRevokeSoftware: false });
const DECIDE = { approve: approveClient, reject: rejectClient, suspend: suspendClient, reactivate: reactivateClient, revoke: revokeClientOnly } as const;

// Only an active client is served by the authorization server, so only it can hold tokens: two live ones.
async function seedTokens(client: Client): Promise<number> {
  if (client.status !== 'active') return 0;
  await provisionEmbeddedClient(getDb(), client);
  const thumbprint = readCertificate(fixture.certificates.leaf.pem).thumbprintS256;
  for (let index = 0; index < 2; index += 1) await storeTestAccessToken(getDb(), { clientId: client.clientId, certificateThumbprint: thumbprint });
  return 2;
}

async function liveTokenCount(client: Client): Promise<number> {
  return getDb().authorizationServerPayload.count({ where: { clientId: client.clientId, kind: 'ClientCredentials' } });
}

// The expected outcome of every decision in every status, written out rather than derived from the table under test.
const MATRIX: Record<ClientTransition, Record<ClientStatus, { to: ClientStatus; tokensRevoked: number } | string>> = {
  approve: {
    pending: { to: 'active', tokensRevoked: 0 },
    active: 'the client is already active',
    suspended: 'the client is suspended; only a pending client can be approved',
    revoked: 'the client is revoked; only a pending client can be approved',
    rejected: 'the client is rejected; only a pending client can be approved',
  },
  reject: {
    pending: { to: 'rejected', tokensRevoked: 0 },
    active: 'the client is active; only a pending client can be rejected',
    suspended: 'the client is suspended; only a pending client can be rejected',
    revoked: 'the client is revoked; only a pending client can be rejected',
    rejected: 'the client is already rejected',
  },
  suspend: {
    pending: 'the client is pending; only an active client can be suspended',
    active: { to: 'suspended', tokensRevoked: 2 },
    suspended: 'the client is already suspended',
    revoked: 'the client is revoked; only an active client can be suspended',
    rejected: 'the client is rejected; only an active client can be suspended',
  },
  reactivate: {
    pending: 'the client is pending; only a suspended client can be reactivated',
    active: 'the client is already active',
    suspended: { to: 'active', tokensRevoked: 0 },
    revoked: 'the client is revoked; only a suspended client can be reactivated',
    rejected: 'the client is rejected; only a suspended client can be reactivated',
  },
  revoke: {
    pending: { to: 'revoked', tokensRevoked: 0 },
    active: { to: 'revoked', tokensRevoked: 2 },
    suspended: { to: 'revoked', tokensRevoked: 0 },
    revoked: 'the client is already revoked',
    rejected: { to: 'revoked', tokensRevoked: 0 },
  },
};

const ACTIONS: Record<ClientTransition, string> = {
  approve: 'client.approved',
  reject: 'client.rejected',
  suspend: 'client.suspended',
  reactivate: 'client.reactivated',
  revoke: 'client.revoked',
};

const CASES = (Object.keys(MATRIX) as ClientTransition[]).flatMap((transition) => STATUSES.map((status) => [transition, status, MATRIX[transition][status]] as const));

describe('admin decisions: every transition in every status', () => {
  it.each(CASES)('%s on a %s client → %j', async (transition, status, expected) => {
    const client = await fixture.createClient({ status });
    const seeded = await seedTokens(client);
    const reason = `  ${transition} because of case ${client.clientId}  `;
    const result = await DECIDE[transition](ADMIN, client.clientId, reason);
    const stored = await getDb().client.findUniqueOrThrow({ where: { id: client.id } });
    const events = await getDb().auditEvent.findMany({ where: { clientId: client.clientId } });

    if (typeof expected === 'string') {
      expect(result).toEqual({ status: 'refused', currentStatus: status, description: expected });
      expect(stored).toEqual(client);
      expect(await liveTokenCount(client)).toBe(seeded);
      // Nothing changed, and the attempt is on the record.
      expect(events).toMatchObject([
        { actorType: 'admin', actorId: ADMIN.id, action: 'client.decision_refused', organisationId: client.organisationId, details: { decision: transition, description: expected, status } },
      ]);
      expect(events).toHaveLength(1);
      return;
    }
    expect(result).toEqual({ status: 'changed', clientId: client.clientId, from: status, to: expected.to, tokensRevoked: expected.tokensRevoked });
    expect(stored).toMatchObject({ status: expected.to, statusReason: reason.trim(), statusChangedBy: ADMIN.id });
    expect(stored.statusChangedAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await liveTokenCount(client)).toBe(seeded - expected.tokensRevoked);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'admin', actorId: ADMIN.id, action: ACTIONS[transition], organisationId: client.organisationId });
    const revokes = transition === 'suspend' || transition === 'revoke';
    expect(events[0]?.details).toEqual({ reason: reason.trim(), from: status, to: expected.to, ...(revokes ? { tokensRevoked: expected.tokensRevoked } : {}) });
  });
});

describe('admin decisions: the audit anchor', () => {
  it.each(Object.keys(DECIDE) as ClientTransition[])('%s anchors the audit chain outside the database once it has committed', async (transition) => {
    const client = await fixture.createClient({ status: transition === 'approve' || transition === 'reject' ? 'pending' : transition === 'reactivate' ? 'suspended' : 'active' });
    expect(await DECIDE[transition](ADMIN, client.clientId, 'anchored')).toMatchObject({ status: 'changed' });
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { clientId: client.clientId, action: ACTIONS[transition] } });
    const anchors = await readAuditAnchors(await loadAuditAnchorStore());
    expect(anchors).toMatchObject({ status: 'read', edited: null });
    expect(anchors.status === 'read' && anchors.anchors.at(-1)).toMatchObject({ eventId: event.id, hash: event.hash });
  });
});

describe('admin decisions: the reason', () => {
  it.each<[string, string, string]>([
    ['an empty reason', '', 'give a reason'],
    ['a blank reason', ' \n\t ', 'give a reason'],
    // A caller outside TypeScript's reach (a form without the field) is refused too.
    ['no reason', undefined as unknown as string, 'give a reason'],
    ['a reason of 501 characters', 'x'.repeat(501), 'keep the reason to 500 characters'],
  ])('refuses %s and changes nothing', async (_label, reason, message) => {
    const client = await fixture.createClient({ status: 'pending' });
    expect(await approveClient(ADMIN, client.clientId, reason)).toEqual({ status: 'invalid', fieldErrors: { reason: [message] } });
    expect(await getDb().client.findUniqueOrThrow({ where: { id: client.id } })).toEqual(client);
  });

  it('accepts a reason of exactly 500 characters', async () => {
    const client = await fixture.createClient({ status: 'pending' });
    expect(await approveClient(ADMIN, client.clientId, 'y'.repeat(500))).toMatchObject({ status: 'changed' });
  });
});

describe('admin decisions: what cannot be decided', () => {
  it('answers not found for an unknown client', async () => {
    expect(await approveClient(ADMIN, randomUUID(), 'looks fine')).toEqual({ status: 'not_found' });
  });

  it('answers not found for a deleted client, whatever the decision', async () => {
    const client = await fixture.createClient({ status: 'active' });
    expect(await deleteClient({ type: 'tpp_user', id: 'tpp-user-1' }, client.organisationId, client.clientId)).toBe(true);
    for (const transition of Object.keys(DECIDE) as ClientTransition[]) {
      expect(await changeClientStatus(ADMIN, client.clientId, transition, 'too late')).toEqual({ status: 'not_found' });
    }
  });
});

describe('admin decisions: concurrency', () => {
  it('lets exactly one of two concurrent decisions on a pending client win', async () => {
    for (let round = 0; round < 5; round += 1) {
      const client = await fixture.createClient({ status: 'pending' });
      const results = await Promise.all([approveClient(ADMIN, client.clientId, 'approve it'), rejectClient(OTHER_ADMIN, client.clientId, 'reject it')]);
      const winners = results.filter((result) => result.status === 'changed');
      const losers = results.filter((result) => result.status === 'refused');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const winner = winners[0];
      if (winner?.status !== 'changed') throw new Error('no winner');
      const stored = await getDb().client.findUniqueOrThrow({ where: { id: client.id } });
      expect(stored.status).toBe(winner.to);
      expect(stored.statusChangedBy).toBe(winner.to === 'active' ? ADMIN.id : OTHER_ADMIN.id);
      expect(losers[0]).toEqual({
        status: 'refused',
        currentStatus: winner.to,
        description: winner.to === 'active' ? 'the client is active; only a pending client can be rejected' : 'the client is rejected; only a pending client can be approved',
      });
      const events = await getDb().auditEvent.findMany({ where: { clientId: client.clientId }, orderBy: { id: 'asc' } });
      // The loser is refused once the winner has committed, so its refusal follows on the trail.
      expect(events.map((event) => event.action)).toEqual([winner.to === 'active' ? 'client.approved' : 'client.rejected', 'client.decision_refused']);
    }
  });

  it('lets exactly one of two concurrent approvals win', async () => {
    const client = await fixture.createClient({ status: 'pending' });
    const results = await Promise.all([approveClient(ADMIN, client.clientId, 'first'), approveClient(OTHER_ADMIN, client.clientId, 'second')]);
    expect(results.map((result) => result.status).sort()).toEqual(['changed', 'refused']);
    expect(await getDb().auditEvent.count({ where: { clientId: client.clientId, action: 'client.approved' } })).toBe(1);
  });
});
