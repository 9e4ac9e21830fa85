import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, computeAuditHash, type AuditHashContent } from './compute-audit-hash';

const EVENT: AuditHashContent = {
  at: new Date('2026-11-21T09:30:15.123Z'),
  actorType: 'tpp_user',
  actorId: 'user-1',
  action: 'client.registered',
  clientId: 'client-1',
  organisationId: 'org-1',
  details: { method: 'MCR', scopes: ['accounts', 'payments'], nested: { b: 2, a: [1, { d: null, c: true }] } },
  requestId: 'req-1',
};

describe('computeAuditHash', () => {
  it('is SHA-256 over prevHash and the canonical JSON (keys sorted recursively, no whitespace, null for absent)', () => {
    const canonical =
      '{"action":"client.registered","actorId":"user-1","actorType":"tpp_user","at":"2026-11-21T09:30:15.123Z","clientId":"client-1",' +
      '"details":{"method":"MCR","nested":{"a":[1,{"c":true,"d":null}],"b":2},"scopes":["accounts","payments"]},' +
      '"organisationId":"org-1","requestId":"req-1"}';
    const expected = createHash('sha256').update(AUDIT_GENESIS_HASH + canonical).digest('hex');

    expect(computeAuditHash(AUDIT_GENESIS_HASH, EVENT)).toBe(expected);
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...EVENT, actorId: null, clientId: null, organisationId: null, requestId: null, details: {} })).toBe(
      createHash('sha256')
        .update(`${AUDIT_GENESIS_HASH}{"action":"client.registered","actorId":null,"actorType":"tpp_user","at":"2026-11-21T09:30:15.123Z","clientId":null,"details":{},"organisationId":null,"requestId":null}`)
        .digest('hex'),
    );
  });

  it('is deterministic', () => {
    expect(computeAuditHash('a'.repeat(64), EVENT)).toBe(computeAuditHash('a'.repeat(64), structuredClone(EVENT)));
    expect(computeAuditHash('a'.repeat(64), EVENT)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of keys in details (jsonb does not keep it)', () => {
    const reordered = { ...EVENT, details: { scopes: ['accounts', 'payments'], nested: { a: [1, { c: true, d: null }], b: 2 }, method: 'MCR' } };
    expect(computeAuditHash(AUDIT_GENESIS_HASH, reordered)).toBe(computeAuditHash(AUDIT_GENESIS_HASH, EVENT));
  });

  it('keeps the order of arrays', () => {
    const swapped = { ...EVENT, details: { ...(EVENT.details as object), scopes: ['payments', 'accounts'] } };
    expect(computeAuditHash(AUDIT_GENESIS_HASH, swapped)).not.toBe(computeAuditHash(AUDIT_GENESIS_HASH, EVENT));
  });

  it.each<[string, Partial<AuditHashContent>]>([
    ['at (by one millisecond)', { at: new Date('2026-11-21T09:30:15.124Z') }],
    ['actorType', { actorType: 'admin' }],
    ['actorId', { actorId: 'user-2' }],
    ['actorId (to null)', { actorId: null }],
    ['action', { action: 'client.deleted' }],
    ['clientId', { clientId: 'client-2' }],
    ['organisationId', { organisationId: 'org-2' }],
    ['details (a nested value)', { details: { method: 'MCR', scopes: ['accounts', 'payments'], nested: { b: 3, a: [1, { d: null, c: true }] } } }],
    ['details (a number that looks the same as a string)', { details: { method: 'MCR', scopes: ['accounts', 'payments'], nested: { b: '2', a: [1, { d: null, c: true }] } } }],
    ['requestId', { requestId: 'req-2' }],
  ])('changes when %s changes', (_field, change) => {
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...EVENT, ...change })).not.toBe(computeAuditHash(AUDIT_GENESIS_HASH, EVENT));
  });

  it('changes with the previous hash', () => {
    expect(computeAuditHash('f'.repeat(64), EVENT)).not.toBe(computeAuditHash(AUDIT_GENESIS_HASH, EVENT));
  });

  it('tells null from an empty string', () => {
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...EVENT, actorId: '' })).not.toBe(computeAuditHash(AUDIT_GENESIS_HASH, { ...EVENT, actorId: null }));
  });
});
