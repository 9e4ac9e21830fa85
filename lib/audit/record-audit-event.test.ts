import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb, getSql } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { AUDIT_GENESIS_HASH, computeAuditHash } from './compute-audit-hash';
import { recordAuditEvent, recordAuditEventThenCommit } from './record-audit-event';
import { verifyAuditChain } from './verify-audit-chain';

useTestDatabase();

beforeEach(async () => {
  await getDb().$executeRaw`TRUNCATE "AuditEvent" RESTART IDENTITY`;
  await getDb().$executeRaw`DELETE FROM "AuditChain"`;
});

const events = () => getDb().auditEvent.findMany({ orderBy: { id: 'asc' } });

describe('recordAuditEvent', () => {
  it('starts the chain at the genesis hash, links each event to the previous one and moves the head', async () => {
    await getDb().$transaction((tx) =>
      recordAuditEvent(tx, {
        actor: { type: 'tpp_user', id: 'user-1' },
        action: 'client.registered',
        clientId: 'client-1',
        organisationId: 'org-1',
        details: { method: 'MCR', scopes: ['accounts'] },
        requestId: 'req-1',
      }),
    );
    await recordAuditEvent(getDb(), { actor: { type: 'anonymous' }, action: 'tpp_user.sign_in_refused' });

    const [first, second] = await events();
    expect(first).toMatchObject({ actorType: 'tpp_user', actorId: 'user-1', clientId: 'client-1', requestId: 'req-1', prevHash: AUDIT_GENESIS_HASH });
    expect(first!.hash).toBe(computeAuditHash(AUDIT_GENESIS_HASH, first!));
    expect(second).toMatchObject({ actorType: 'anonymous', actorId: null, clientId: null, organisationId: null, details: {}, requestId: null, prevHash: first!.hash });
    expect(second!.hash).toBe(computeAuditHash(first!.hash!, second!));
    expect(await getDb().auditChain.findUniqueOrThrow({ where: { id: 1 } })).toEqual({ id: 1, lastHash: second!.hash, lastEventId: second!.id });
  });

  it('stores the time it hashed, to the millisecond', async () => {
    const before = Date.now();
    await recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.timed' });
    const [event] = await events();
    expect(event!.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(event!.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(event!.hash).toBe(computeAuditHash(AUDIT_GENESIS_HASH, event!));
  });

  it('never dates an event before the one it follows (a host whose clock is behind), in plain SQL as in Prisma, and hashes the time it stored', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-03T10:00:00.250Z'));
      await recordAuditEvent(getSql(), { actor: { type: 'system' }, action: 'test.ahead' });
      vi.setSystemTime(new Date('2026-12-03T09:00:00.000Z'));
      await recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.behind' });
      await getSql().transaction((tx) => recordAuditEvent(tx, { actor: { type: 'system' }, action: 'test.behind' }));
      vi.setSystemTime(new Date('2026-12-03T11:00:00.999Z'));
      await recordAuditEvent(getSql(), { actor: { type: 'system' }, action: 'test.later' });
    } finally {
      vi.useRealTimers();
    }

    const stored = await events();
    expect(stored.map((event) => event.at.toISOString())).toEqual(['2026-12-03T10:00:00.250Z', '2026-12-03T10:00:00.250Z', '2026-12-03T10:00:00.250Z', '2026-12-03T11:00:00.999Z']);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 4 });
  });

  it('leaves neither the event nor the head behind when the caller’s transaction rolls back', async () => {
    await recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.kept' });
    const head = await getDb().auditChain.findUniqueOrThrow({ where: { id: 1 } });

    await expect(
      getDb().$transaction(async (tx) => {
        await recordAuditEvent(tx, { actor: { type: 'system' }, action: 'test.rolled_back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    expect((await events()).map((event) => event.action)).toEqual(['test.kept']);
    expect(await getDb().auditChain.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head);
    await recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.after' });
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 2 });
  });

  it('stores details as jsonb will return them, so what was hashed verifies', async () => {
    await recordAuditEvent(getDb(), {
      actor: { type: 'client', id: 'client-1' },
      action: 'client.registration_refused',
      // Refusal descriptions may quote attacker-supplied claims: NUL and lone surrogates would make jsonb refuse the row.
      details: { z: 1.5, a: { y: [3, 'two', null], x: undefined }, description: 'bad\u0000 \ud800claim 🙂', big: 1e21 },
    });
    const [event] = await events();
    expect(event!.details).toEqual({ z: 1.5, a: { y: [3, 'two', null] }, description: 'bad\ufffd \ufffdclaim 🙂', big: 1e21 });
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 1 });
  });

  it('keeps the chain intact under 50 concurrent appends, each in its own transaction', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        index % 5 === 0
          ? recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.concurrent', details: { index } })
          : getDb().$transaction(async (tx) => {
              await tx.organisation.findMany({ take: 1 });
              await recordAuditEvent(tx, { actor: { type: 'system' }, action: 'test.concurrent', details: { index } });
            }),
      ),
    );

    const stored = await events();
    expect(stored).toHaveLength(50);
    expect(new Set(stored.map((event) => (event.details as { index: number }).index)).size).toBe(50);
    // Ids follow the chain: each event links to the one before it by id.
    stored.forEach((event, position) => expect(event.prevHash).toBe(position === 0 ? AUDIT_GENESIS_HASH : stored[position - 1]!.hash));
    expect(await verifyAuditChain()).toEqual({ status: 'intact', checked: 50, unchained: 0, lastHash: stored[49]!.hash });
  });

  it('creates the chain head race-free when the first appends are concurrent', async () => {
    await Promise.all(Array.from({ length: 10 }, () => recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.first' })));
    expect(await getDb().auditChain.count()).toBe(1);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 10 });
  });
});

describe('recordAuditEventThenCommit', () => {
  const genesisHead = () => getDb().$executeRaw`INSERT INTO "AuditChain" (id, "lastHash", "lastEventId") VALUES (1, ${AUDIT_GENESIS_HASH}, NULL)`;
  const replayKeys = async (prefix: string) => (await getDb().replayGuard.findMany({ where: { key: { startsWith: prefix } } })).length;

  it('appends as its transaction’s last statement and commits the transaction with it; a failing append commits nothing', async () => {
    await genesisHead();
    await getSql().transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${'then-commit:1'}, now())`;
      await recordAuditEventThenCommit(tx, getSql(), { actor: { type: 'client', id: 'c-1' }, action: 'client.registered', clientId: 'c-1' });
    });
    const [event] = await events();
    expect(event).toMatchObject({ actorType: 'client', clientId: 'c-1', prevHash: AUDIT_GENESIS_HASH });
    expect(await replayKeys('then-commit:')).toBe(1);

    // A client id PostgreSQL text cannot hold (NUL): the append fails, and the transaction's insert goes with it.
    await expect(
      getSql().transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${'then-commit:2'}, now())`;
        await recordAuditEventThenCommit(tx, getSql(), { actor: { type: 'system' }, action: 'test.refused', clientId: '\u0000' });
      }),
    ).rejects.toThrow();
    expect(await replayKeys('then-commit:')).toBe(1);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 1 });
  });

  it('keeps the chain intact under 30 concurrent registrations’ appends, mixed with appends of the other kind', async () => {
    await genesisHead();
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        index % 3 === 0
          ? recordAuditEvent(getSql(), { actor: { type: 'system' }, action: 'test.concurrent', details: { index } })
          : getSql().transaction(async (tx) => {
              await tx.$executeRaw`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${`concurrent:${index}`}, now())`;
              await recordAuditEventThenCommit(tx, getSql(), { actor: { type: 'system' }, action: 'test.concurrent', details: { index } });
            }),
      ),
    );
    const stored = await events();
    expect(stored).toHaveLength(30);
    stored.forEach((event, position) => expect(event.prevHash).toBe(position === 0 ? AUDIT_GENESIS_HASH : stored[position - 1]!.hash));
    expect(await verifyAuditChain()).toEqual({ status: 'intact', checked: 30, unchained: 0, lastHash: stored[29]!.hash });
  });

  it('appends the event after its transaction, creating the head, if the head was gone (deleted), and says so', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await getSql().transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${'headless:1'}, now())`;
        await recordAuditEventThenCommit(tx, getSql(), { actor: { type: 'client', id: 'c-2' }, action: 'client.registered', clientId: 'c-2' });
      });
      expect(errors).toHaveBeenCalledWith('[audit] the audit chain had no head: an event was appended after its transaction committed');
    } finally {
      errors.mockRestore();
    }
    expect(await replayKeys('headless:')).toBe(1);
    const [event] = await events();
    expect(event).toMatchObject({ clientId: 'c-2', prevHash: AUDIT_GENESIS_HASH });
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 1 });
  });
});
