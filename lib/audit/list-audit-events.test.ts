import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, type Organisation } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { AuditEventFilters } from './build-audit-event-where';
import { listAuditEvents } from './list-audit-events';
import { parseAuditQuery } from './parse-audit-query';
import { recordAuditEvent, type AuditEventInput } from './record-audit-event';

useTestDatabase();

let acme: Organisation;
let budget: Organisation;

beforeAll(async () => {
  acme = await getDb().organisation.create({ data: { directoryOrgId: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', status: 'Active', roles: ['PISP'] } });
  budget = await getDb().organisation.create({ data: { directoryOrgId: '0015800001BUDGETBD', name: 'Budget Buddy Ltd', status: 'Active', roles: ['AISP'] } });
  const events: [string, AuditEventInput][] = [
    ['2026-11-01T10:00:00.000Z', { actor: { type: 'tpp_user', id: 'u-a' }, action: 'client.registered', clientId: 'c-a1', organisationId: acme.id }],
    ['2026-11-02T10:00:00.000Z', { actor: { type: 'tpp_user', id: 'u-a' }, action: 'client.redirect_uris_updated', clientId: 'c-a1', organisationId: acme.id }],
    ['2026-11-03T23:59:59.999Z', { actor: { type: 'client', id: 'c-b1' }, action: 'client.registered', clientId: 'c-b1', organisationId: budget.id }],
    ['2026-11-04T00:00:00.000Z', { actor: { type: 'anonymous' }, action: 'tpp_user.sign_in_refused' }],
    ['2026-11-05T10:00:00.000Z', { actor: { type: 'tpp_user', id: 'u-b' }, action: 'tpp_user.signed_in', organisationId: budget.id }],
    ['2026-11-06T10:00:00.000Z', { actor: { type: 'admin', id: 'adm-1' }, action: 'client.approved', clientId: 'c-b1', organisationId: budget.id }],
    // Near misses: a dotted prefix is not a string prefix, and `_` is not a wildcard.
    ['2026-11-07T10:00:00.000Z', { actor: { type: 'system' }, action: 'clientele.noted' }],
    ['2026-11-08T10:00:00.000Z', { actor: { type: 'system' }, action: 'tppXuser.signed_in' }],
  ];
  vi.useFakeTimers({ toFake: ['Date'] });
  for (const [at, event] of events) {
    vi.setSystemTime(new Date(at));
    await recordAuditEvent(getDb(), event);
  }
  vi.useRealTimers();
});

afterAll(() => {
  vi.useRealTimers();
});

const ids = async (filters: AuditEventFilters) => (await listAuditEvents(filters)).events.map((event) => Number(event.id));

describe('listAuditEvents at the ends of the dates the audit query accepts', () => {
  it.each([
    ['from=0001-01-01&to=9999-12-31', 8],
    ['from=9999-12-31', 0],
    ['to=0001-01-01', 0],
  ])('%s runs on the database', async (query, count) => {
    const parsed = parseAuditQuery(new URLSearchParams(query));
    if (parsed.status !== 'valid') throw new Error(`${query} was refused: ${JSON.stringify(parsed.fieldErrors)}`);
    expect(await ids(parsed.filters)).toHaveLength(count);
  });
});

describe('listAuditEvents', () => {
  it('lists every event newest first, with organisation names', async () => {
    const page = await listAuditEvents({});
    expect(page.events.map((event) => Number(event.id))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(page.nextCursor).toBeNull();
    expect(page.events.map((event) => event.organisationName)).toEqual([null, null, 'Budget Buddy Ltd', 'Budget Buddy Ltd', null, 'Budget Buddy Ltd', 'Acme Payments Ltd', 'Acme Payments Ltd']);
    expect(page.events[7]).toMatchObject({ actorType: 'tpp_user', actorId: 'u-a', action: 'client.registered', clientId: 'c-a1', at: new Date('2026-11-01T10:00:00.000Z') });
  });

  it.each<[string, AuditEventFilters, number[]]>([
    ['an exact action', { action: 'client.registered' }, [3, 1]],
    ['an action prefix by dotted segments', { action: 'client' }, [6, 3, 2, 1]],
    ['an action prefix written with a trailing .*', { action: 'client.*' }, [6, 3, 2, 1]],
    ['an action prefix with an underscore, literally', { action: 'tpp_user' }, [5, 4]],
    ['an action that matches nothing', { action: 'client.regist' }, []],
    ['an actor type', { actorType: 'anonymous' }, [4]],
    ['an actor id', { actorId: 'u-a' }, [2, 1]],
    ['a client id', { clientId: 'c-b1' }, [6, 3]],
    ['an organisation id', { organisationId: 'ORG_A' }, [2, 1]],
    ['a search for part of an organisation name, any case', { search: 'budget' }, [6, 5, 3]],
    ['a search for a directory org id', { search: '0015800001ACMEPAYS' }, [2, 1]],
    ['a search for a client id', { search: 'c-b1' }, [6, 3]],
    ['a search with LIKE wildcards, literally', { search: '%' }, []],
    ['a time range (from inclusive, to exclusive)', { from: new Date('2026-11-02T10:00:00.000Z'), to: new Date('2026-11-04T00:00:00.000Z') }, [3, 2]],
    ['several filters at once', { actorType: 'tpp_user', search: 'Budget' }, [5]],
  ])('filters by %s', async (_case, filters, expected) => {
    const resolved = filters.organisationId === 'ORG_A' ? { ...filters, organisationId: acme.id } : filters;
    expect(await ids(resolved)).toEqual(expected);
  });

  it('pages backwards by id with a cursor, and says when there is no older page', async () => {
    const first = await listAuditEvents({}, { size: 3 });
    expect(first.events.map((event) => Number(event.id))).toEqual([8, 7, 6]);
    expect(first.nextCursor).toBe(6n);
    const second = await listAuditEvents({}, { before: first.nextCursor, size: 3 });
    expect(second.events.map((event) => Number(event.id))).toEqual([5, 4, 3]);
    const third = await listAuditEvents({}, { before: second.nextCursor, size: 3 });
    expect(third.events.map((event) => Number(event.id))).toEqual([2, 1]);
    expect(third.nextCursor).toBeNull();
  });

  it('pages within filters', async () => {
    const first = await listAuditEvents({ action: 'client' }, { size: 2 });
    expect(first.events.map((event) => Number(event.id))).toEqual([6, 3]);
    const second = await listAuditEvents({ action: 'client' }, { before: first.nextCursor, size: 2 });
    expect(second.events.map((event) => Number(event.id))).toEqual([2, 1]);
    // Exactly a page left: no empty page after it.
    expect(second.nextCursor).toBeNull();
  });

  it('pages 50 at a time by default', async () => {
    // Listing does not care about the chain, so these are inserted directly.
    await getDb().auditEvent.createMany({ data: Array.from({ length: 51 }, (_, index) => ({ actorType: 'system', action: 'test.bulk', details: { index } })) });
    const first = await listAuditEvents({ action: 'test.bulk' });
    expect(first.events).toHaveLength(50);
    expect(first.nextCursor).toBe(first.events[49]!.id);
    const second = await listAuditEvents({ action: 'test.bulk' }, { before: first.nextCursor });
    expect(second.events.map((event) => event.details)).toEqual([{ index: 0 }]);
    expect(second.nextCursor).toBeNull();
  });
});
