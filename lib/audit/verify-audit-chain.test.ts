import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { anchorAuditHead } from './anchor-audit-head';
import { AUDIT_GENESIS_HASH, computeAuditHash } from './compute-audit-hash';
import { describeAuditVerification } from './describe-audit-verification';
import { recordAuditEvent } from './record-audit-event';
import { runAuditVerification } from './run-audit-verification';
import { verifyAuditChain } from './verify-audit-chain';

useTestDatabase();

beforeEach(async () => {
  await getDb().$executeRaw`TRUNCATE "AuditEvent" RESTART IDENTITY`;
  await getDb().$executeRaw`DELETE FROM "AuditChain"`;
});

async function recordEvents(count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    await recordAuditEvent(getDb(), {
      actor: { type: 'tpp_user', id: `user-${index}` },
      action: index % 2 ? 'client.registered' : 'client.deleted',
      clientId: `client-${index}`,
      details: { index, tokensRevoked: 0 },
    });
  }
}

const eventAt = (id: bigint) => getDb().auditEvent.findUniqueOrThrow({ where: { id } });

describe('verifyAuditChain', () => {
  it('answers intact with nothing checked for an empty trail', async () => {
    expect(await verifyAuditChain()).toEqual({ status: 'intact', checked: 0, unchained: 0, lastHash: AUDIT_GENESIS_HASH });
  });

  it('finds a chain of recorded events intact and names its last hash', async () => {
    await recordEvents(12);
    const last = await eventAt(12n);
    const result = await verifyAuditChain();
    expect(result).toEqual({ status: 'intact', checked: 12, unchained: 0, lastHash: last.hash });
    expect(describeAuditVerification(result)).toBe('Chain intact: 12 events checked');
  });

  it('finds an edited row: content changed at that row', async () => {
    await recordEvents(6);
    await getDb().$executeRaw`UPDATE "AuditEvent" SET details = '{"index": 3, "tokensRevoked": 99}' WHERE id = 3`;
    const edited = await eventAt(3n);

    const result = await verifyAuditChain();

    expect(result).toEqual({ status: 'broken', checked: 2, unchained: 0, brokenAt: { id: 3n, at: edited.at, action: 'client.registered', reason: 'content changed' } });
    expect(describeAuditVerification(result)).toBe(`Broken at event #3 (client.registered, ${edited.at.toISOString()}): content changed`);
  });

  it.each([
    ['its time', `UPDATE "AuditEvent" SET at = at + interval '1 millisecond' WHERE id = 4`],
    ['its actor', `UPDATE "AuditEvent" SET "actorId" = 'someone-else' WHERE id = 4`],
    ['its action', `UPDATE "AuditEvent" SET action = 'client.updated' WHERE id = 4`],
    ['its client', `UPDATE "AuditEvent" SET "clientId" = NULL WHERE id = 4`],
    ['its request id', `UPDATE "AuditEvent" SET "requestId" = 'req-x' WHERE id = 4`],
    ['its link', `UPDATE "AuditEvent" SET "prevHash" = '${'1'.repeat(64)}' WHERE id = 4`],
    ['its hash', `UPDATE "AuditEvent" SET hash = '${'2'.repeat(64)}' WHERE id = 4`],
    ['its hashes (to look older than the chain)', `UPDATE "AuditEvent" SET hash = NULL, "prevHash" = NULL WHERE id = 4`],
  ])('finds a row whose %s was edited', async (_change, sql) => {
    await recordEvents(6);
    await getDb().$executeRawUnsafe(sql);
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 3, brokenAt: { id: 4n, reason: 'content changed' } });
  });

  it('finds a deleted row: chain link broken at the next one', async () => {
    await recordEvents(6);
    await getDb().$executeRaw`DELETE FROM "AuditEvent" WHERE id = 4`;
    const next = await eventAt(5n);
    expect(await verifyAuditChain()).toEqual({ status: 'broken', checked: 3, unchained: 0, brokenAt: { id: 5n, at: next.at, action: 'client.registered', reason: 'chain link broken' } });
  });

  it('finds a deleted first row', async () => {
    await recordEvents(3);
    await getDb().$executeRaw`DELETE FROM "AuditEvent" WHERE id = 1`;
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 0, brokenAt: { id: 2n, reason: 'chain link broken' } });
  });

  it('finds a deleted last row: the head names an event that is gone', async () => {
    await recordEvents(5);
    await getDb().$executeRaw`DELETE FROM "AuditEvent" WHERE id = 5`;
    const result = await verifyAuditChain();
    expect(result).toEqual({ status: 'broken', checked: 4, unchained: 0, brokenAt: { id: 5n, at: null, action: null, reason: 'chain link broken' } });
    expect(describeAuditVerification(result)).toBe('Broken at event #5 (event missing): chain link broken');
  });

  it('finds every row deleted', async () => {
    await recordEvents(2);
    await getDb().$executeRaw`DELETE FROM "AuditEvent"`;
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 0, brokenAt: { id: 2n, reason: 'chain link broken' } });
  });

  it('finds a re-hashed tail the head does not agree with', async () => {
    await recordEvents(3);
    const last = await eventAt(3n);
    const forged = computeAuditHash(last.prevHash!, { ...last, details: { index: 3, tokensRevoked: 7 } });
    await getDb().$executeRaw`UPDATE "AuditEvent" SET details = '{"index": 3, "tokensRevoked": 7}', hash = ${forged} WHERE id = 3`;
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 3, brokenAt: { id: 3n, reason: 'chain link broken' } });
  });

  it('finds a missing chain head', async () => {
    await recordEvents(2);
    await getDb().$executeRaw`DELETE FROM "AuditChain"`;
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 2, brokenAt: { id: 2n, reason: 'chain link broken' } });
  });

  it('finds a row slipped in without the chain', async () => {
    await recordEvents(2);
    await getDb().auditEvent.create({ data: { actorType: 'system', action: 'test.forged' } });
    await recordEvents(1);
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 2, brokenAt: { id: 3n, action: 'test.forged', reason: 'content changed' } });
  });

  it('counts events older than the chain as unchained and checks the rest', async () => {
    await getDb().auditEvent.createMany({ data: [{ actorType: 'system', action: 'legacy.one' }, { actorType: 'system', action: 'legacy.two' }] });
    await recordEvents(3);
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ status: 'intact', checked: 3, unchained: 2 });
    expect(describeAuditVerification(result)).toBe('Chain intact: 3 events checked (2 older events predate the chain)');
  });

  it('ignores events appended after it read the chain head', async () => {
    await recordEvents(2);
    const head = await getDb().auditChain.findUniqueOrThrow({ where: { id: 1 } });
    await recordEvents(2);
    // Rewind the head as a verification that started before the last two appends would have seen it.
    await getDb().auditChain.update({ where: { id: 1 }, data: head });
    const { lastHash } = (await verifyAuditChain()) as { lastHash: string };
    expect(lastHash).toBe(head.lastHash);
  });

  it('walks long trails in batches', async () => {
    // Built directly (as recordAuditEvent would) to keep the test fast; 2,501 events cross two batch boundaries.
    const count = 2_501;
    const rows = [];
    let prevHash = AUDIT_GENESIS_HASH;
    const start = Date.UTC(2026, 10, 1);
    for (let index = 1; index <= count; index += 1) {
      const content = { at: new Date(start + index), actorType: 'system', actorId: null, action: 'test.bulk', clientId: null, organisationId: null, details: { index }, requestId: null };
      const hash = computeAuditHash(prevHash, content);
      rows.push({ ...content, prevHash, hash });
      prevHash = hash;
    }
    await getDb().auditEvent.createMany({ data: rows });
    await getDb().auditChain.create({ data: { id: 1, lastHash: prevHash, lastEventId: BigInt(count) } });

    expect(await verifyAuditChain()).toEqual({ status: 'intact', checked: count, unchained: 0, lastHash: prevHash });

    await getDb().$executeRaw`DELETE FROM "AuditEvent" WHERE id = 2001`;
    expect(await verifyAuditChain()).toMatchObject({ status: 'broken', checked: 2000, brokenAt: { id: 2002n, reason: 'chain link broken' } });
  });
});

describe('runAuditVerification', () => {
  const ADMIN = { id: 'adm-1', name: 'Ada Admin', email: 'ada@bank.example' };

  it('appends the outcome to the chain as the admin', async () => {
    await recordEvents(2);
    // As the API host does at start and every few minutes: without an anchors file the trail cannot be checked.
    expect(await anchorAuditHead()).toMatchObject({ status: 'anchored' });
    const result = await runAuditVerification(ADMIN);
    expect(result).toMatchObject({ status: 'intact', chain: { checked: 2 }, anchors: { status: 'intact', checked: 1 } });
    const event = await eventAt(3n);
    expect(event).toMatchObject({ actorType: 'admin', actorId: 'adm-1', action: 'audit.verified', details: { status: 'intact', checked: 2, unchained: 0, lastHash: (await eventAt(2n)).hash } });
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 3 });
  });

  it('records where a broken chain breaks', async () => {
    await recordEvents(3);
    await getDb().$executeRaw`UPDATE "AuditEvent" SET "actorId" = 'someone-else' WHERE id = 2`;
    expect(await runAuditVerification(ADMIN)).toMatchObject({ status: 'broken', chain: { brokenAt: { id: 2n } } });
    expect(await eventAt(4n)).toMatchObject({ action: 'audit.verified', details: { status: 'broken', checked: 1, unchained: 0, brokenAt: { id: '2', reason: 'content changed' } } });
  });
});
