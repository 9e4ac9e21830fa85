import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { FIRST_OCCURRENCE_BUDGET, SUMMARIES_PER_ACTION } from './audit-counters';
import { flushAuditCounters } from './flush-audit-counters';
import { recordAuditRefusal } from './record-audit-refusal';
import { tallyAuditOccurrence } from './tally-audit-occurrence';
import { verifyAuditChain } from './verify-audit-chain';

useTestDatabase();

beforeEach(async () => {
  await getDb().$executeRaw`TRUNCATE "AuditEvent" RESTART IDENTITY`;
  await getDb().$executeRaw`DELETE FROM "AuditChain"`;
  await getDb().$executeRaw`DELETE FROM "AuditCounter"`;
});

const AFTER_THE_WINDOWS = () => new Date(Date.now() + 60 * 60_000);
const events = () => getDb().auditEvent.findMany({ orderBy: { id: 'asc' } });
const refusal = (target: string, details: Record<string, string> = {}) => ({
  actor: { type: 'anonymous' as const, id: '192.0.2.1' },
  action: 'test.refused',
  clientId: target,
  key: [target, '192.0.2.1'],
  details,
});

describe('recordAuditRefusal', () => {
  it('appends the first occurrence at once and, when the window closes, one summary counting all of them', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await recordAuditRefusal(getDb(), refusal('c-1', { attempt: String(attempt) }));
    expect(await events()).toMatchObject([{ action: 'test.refused', clientId: 'c-1', details: { attempt: '0', firstInWindow: true } }]);

    // A window still open is left alone.
    expect(await flushAuditCounters(getDb())).toBe(0);
    expect(await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() })).toBe(1);

    const [, summary] = await events();
    expect(summary).toMatchObject({ actorType: 'anonymous', actorId: '192.0.2.1', clientId: 'c-1', details: { attempt: '0', count: 5 } });
    expect(await getDb().auditCounter.count()).toBe(0);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 2 });
  });

  it('needs no summary for a single occurrence', async () => {
    await recordAuditRefusal(getDb(), refusal('c-1'));
    expect(await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() })).toBe(0);
    expect(await events()).toHaveLength(1);
  });

  it('counts 50 concurrent occurrences once each, with one first occurrence', async () => {
    await Promise.all(Array.from({ length: 50 }, () => recordAuditRefusal(getDb(), refusal('c-1'))));
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });
    expect((await events()).map((event) => event.details)).toEqual([{ firstInWindow: true }, { count: 50, firstAt: expect.any(String), lastAt: expect.any(String) }]);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 2 });
  });

  it('bounds a flood of distinct keys: a budget of first occurrences, then a bounded number of summaries and one folded event', async () => {
    const keys = Array.from({ length: SUMMARIES_PER_ACTION + 5 }, (_, index) => `c-${String(index).padStart(2, '0')}`);
    for (const key of keys) await recordAuditRefusal(getDb(), refusal(key));
    for (const key of keys) await recordAuditRefusal(getDb(), refusal(key));
    expect(await getDb().auditEvent.count()).toBe(FIRST_OCCURRENCE_BUDGET);

    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });
    const summaries = (await events()).slice(FIRST_OCCURRENCE_BUDGET);
    expect(summaries).toHaveLength(SUMMARIES_PER_ACTION + 1);
    expect(summaries.slice(0, SUMMARIES_PER_ACTION).every((event) => (event.details as { count: number }).count === 2)).toBe(true);
    expect(summaries.at(-1)).toMatchObject({ actorType: 'system', clientId: null, details: { folded: 5, count: 10 } });
  });

  it('adds tallied occurrences to the counters at the flush, with nothing written before', async () => {
    const issued = { actor: { type: 'client' as const, id: 'c-1' }, action: 'test.issued', clientId: 'c-1', key: ['c-1', 'thumb'], details: { certificateThumbprint: 'thumb' } };
    tallyAuditOccurrence(issued);
    tallyAuditOccurrence(issued);
    tallyAuditOccurrence(issued);
    expect(await getDb().auditCounter.count()).toBe(0);

    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });
    expect(await events()).toMatchObject([{ actorType: 'client', action: 'test.issued', clientId: 'c-1', details: { certificateThumbprint: 'thumb', count: 3 } }]);
  });
});
