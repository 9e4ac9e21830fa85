import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import type { TokenTestFixture } from '@/lib/tokens/testing/start-token-test-fixture';
import { approveClient } from './approve-client';
import { listClientHistory } from './list-client-history';
import { listPendingClients } from './list-pending-clients';
import { suspendClient } from './suspend-client';

let fixture: TokenTestFixture;

useTokenTestFixture((started) => (fixture = started));

describe('listPendingClients', () => {
  it('lists live pending clients oldest first, with the total', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 12, minutes));
    const newer = await fixture.createClient({ status: 'pending', createdAt: at(30) });
    const oldest = await fixture.createClient({ status: 'pending', createdAt: at(0) });
    const middle = await fixture.createClient({ status: 'pending', createdAt: at(10) });
    await fixture.createClient({ status: 'active', createdAt: at(5) });
    await fixture.createClient({ status: 'pending', createdAt: at(1), deletedAt: new Date() });

    const queue = await listPendingClients();
    expect(queue.total).toBe(3);
    expect(queue.clients.map((client) => client.clientId)).toEqual([oldest.clientId, middle.clientId, newer.clientId]);
    expect(queue.clients[0]).toMatchObject({ creationMethod: 'DCR', environment: 'sandbox', organisation: { directoryOrgId: '0015800001TESTORG', name: 'Test TPP Ltd' } });
    expect((await listPendingClients(2)).clients.map((client) => client.clientId)).toEqual([oldest.clientId, middle.clientId]);
  });
});

describe('listClientHistory', () => {
  it("lists the client's events oldest first, with reasons and the deciding admin's name", async () => {
    await getDb().admin.create({ data: { id: 'admin-history-1', issuer: 'https://idp.bank.example', subject: 'rita', name: 'Rita Reviewer', isAdmin: true } });
    const client = await fixture.createClient({ status: 'pending' });
    await getDb().auditEvent.create({ data: { actorType: 'client', actorId: client.clientId, action: 'client.registered', clientId: client.clientId, details: { method: 'DCR' } } });
    await approveClient({ id: 'admin-history-1', name: 'Rita Reviewer', email: null }, client.clientId, 'evidence checked');
    await suspendClient({ id: 'admin-gone', name: null, email: null }, client.clientId, 'odd traffic');

    const history = await listClientHistory(client.clientId);
    expect(history.map(({ action, actorType, actorId, actorName, reason }) => ({ action, actorType, actorId, actorName, reason }))).toEqual([
      { action: 'client.registered', actorType: 'client', actorId: client.clientId, actorName: null, reason: null },
      { action: 'client.approved', actorType: 'admin', actorId: 'admin-history-1', actorName: 'Rita Reviewer', reason: 'evidence checked' },
      { action: 'client.suspended', actorType: 'admin', actorId: 'admin-gone', actorName: null, reason: 'odd traffic' },
    ]);
    expect(history[2]?.details).toEqual({ reason: 'odd traffic', from: 'active', to: 'suspended', tokensRevoked: 0 });
    expect(await listClientHistory('nobody')).toEqual([]);
  });
});
