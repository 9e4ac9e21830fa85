import { describe, expect, it } from 'vitest';
import { parseAuditQuery } from './parse-audit-query';

const parse = (query: string) => parseAuditQuery(new URLSearchParams(query));

describe('parseAuditQuery', () => {
  it('reads every filter, trims values, ignores empty and unknown parameters', () => {
    expect(
      parse('action=client&actorType=admin&actorId=%20adm-1%20&clientId=c-1&organisationId=org-1&q=Acme&from=2026-11-01&to=2026-11-21&before=120&x=1&actorId='),
    ).toEqual({
      status: 'valid',
      filters: {
        action: 'client',
        actorType: 'admin',
        actorId: 'adm-1',
        clientId: 'c-1',
        organisationId: 'org-1',
        search: 'Acme',
        from: new Date('2026-11-01T00:00:00.000Z'),
        // `to` is a whole day: events up to the end of 21 November count.
        to: new Date('2026-11-22T00:00:00.000Z'),
      },
      before: 120n,
      values: { action: 'client', actorType: 'admin', actorId: 'adm-1', clientId: 'c-1', organisationId: 'org-1', q: 'Acme', from: '2026-11-01', to: '2026-11-21', before: '120' },
    });
  });

  it('answers no filters for an empty query', () => {
    expect(parse('action=&q=')).toEqual({ status: 'valid', filters: {}, before: null, values: {} });
  });

  it.each([
    ['actorType=robot', { actorType: '"actorType" must be one of tpp_user, admin, client, system, anonymous' }],
    ['from=21/11/2026', { from: '"from" must be a date (YYYY-MM-DD)' }],
    ['from=2026-11-22&to=2026-11-21', { to: '"from" must not be after "to"' }],
    // PostgreSQL has no year 0: the page answered 500 and the export a CSV cut short by an error page (issue 15 re-probe).
    ['from=0000-01-01', { from: '"from" must be a date from 0001-01-01 to 9999-12-31' }],
    ['to=0000-12-31', { to: '"to" must be a date from 0001-01-01 to 9999-12-31' }],
    ['before=0', { before: '"before" must be an event id' }],
    ['before=99999999999999999999', { before: '"before" must be an event id' }],
    ['action=client%25', { action: '"action" must be an action name or a prefix of one, e.g. client.registered or client' }],
    [`q=${'x'.repeat(201)}`, { q: '"q" is too long' }],
    // PostgreSQL text holds no NUL: the export answered 200 with an empty CSV, the page a 500 (issue 15).
    ['clientId=%00', { clientId: '"clientId" holds a NUL character' }],
    ['actorId=adm%00', { actorId: '"actorId" holds a NUL character' }],
    ['organisationId=%00org', { organisationId: '"organisationId" holds a NUL character' }],
    ['q=a%00b', { q: '"q" holds a NUL character' }],
  ])('refuses %s', (query, fieldErrors) => {
    expect(parse(query)).toMatchObject({ status: 'invalid', fieldErrors });
  });
});
