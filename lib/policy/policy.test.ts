import { DEFAULT_POLICY_INPUT } from '@/lib/testing/default-policy-input';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { loadAuditAnchorStore } from '@/lib/audit/load-audit-anchor-store';
import { readAuditAnchors } from '@/lib/audit/read-audit-anchors';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { getPolicy } from './get-policy';
import { POLICY_CACHE_TTL_MS } from './policy-cache';
import type { PolicyInput } from './policy-input-schema';
import { updatePolicy } from './update-policy';

useTestDatabase();

const ADMIN: AdminActor = { id: 'admin-policy-1', name: 'Pat Admin', email: 'pat@bank.example' };
const DEFAULTS = { id: 1, ...DEFAULT_POLICY_INPUT, updatedBy: null };
const EDIT: PolicyInput = {
  mcrSandboxStatus: 'pending',
  mcrProductionStatus: 'active',
  dcrSandboxStatus: 'pending',
  dcrProductionStatus: 'active',
  maxSsaAgeSeconds: 3600,
  maxRegistrationJwtLifetimeSeconds: 600,
  maxClientAssertionLifetimeSeconds: 120,
  tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth'],
  revokedSoftwareRegistrations: 'hold',
};

afterEach(() => {
  vi.restoreAllMocks();
});

// Moves this process's clock past the cache lifetime, so the next read goes to the database.
function expireCache(): void {
  const later = Date.now() + POLICY_CACHE_TTL_MS + 1;
  vi.spyOn(Date, 'now').mockReturnValue(later);
}

describe('getPolicy', () => {
  it('creates row 1 with the defaults on first read, once', async () => {
    expect(await getDb().policy.count()).toBe(0);
    const policy = await getPolicy();
    expect(policy).toMatchObject(DEFAULTS);
    expect(policy.updatedAt).toBeInstanceOf(Date);
    expect(await getPolicy()).toBe(policy);
    expect(await getDb().policy.count()).toBe(1);
  });

  it('serves reads from memory for a few seconds, then reads the database again', async () => {
    const first = await getPolicy();
    // Another process's edit, straight to the database.
    await getDb().policy.update({ where: { id: 1 }, data: { maxSsaAgeSeconds: 120 } });
    expect(await getPolicy()).toBe(first);
    expireCache();
    expect((await getPolicy()).maxSsaAgeSeconds).toBe(120);
    await getDb().policy.update({ where: { id: 1 }, data: { maxSsaAgeSeconds: null } });
  });
});

describe('updatePolicy', () => {
  it('stores the edit, audits it with before and after, and this process sees it at once', async () => {
    await getPolicy(); // cached before the edit
    const result = await updatePolicy(ADMIN, EDIT);

    expect(result).toMatchObject({ status: 'updated', policy: { ...EDIT, updatedBy: ADMIN.id } });
    expect(await getPolicy()).toMatchObject(EDIT);
    expect(await getDb().policy.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ ...EDIT, updatedBy: ADMIN.id });
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'policy.updated' }, orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ actorType: 'admin', actorId: ADMIN.id, clientId: null, organisationId: null });
    const { id: _id, updatedBy: _by, ...defaultFields } = DEFAULTS;
    expect(event.details).toEqual({ before: defaultFields, after: EDIT });
  });

  it('anchors the audit chain outside the database once the edit has committed', async () => {
    await updatePolicy(ADMIN, { ...EDIT, maxSsaAgeSeconds: 1_200 });
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'policy.updated' }, orderBy: { id: 'desc' } });
    const anchors = await readAuditAnchors(await loadAuditAnchorStore());
    expect(anchors).toMatchObject({ status: 'read', edited: null });
    expect(anchors.status === 'read' && anchors.anchors.at(-1)).toMatchObject({ eventId: event.id, hash: event.hash, count: await getDb().auditEvent.count() });
  });

  it('audits the policy each edit replaced, also for edits made at the same time', async () => {
    const a = { ...EDIT, maxSsaAgeSeconds: 600 };
    const b = { ...EDIT, maxSsaAgeSeconds: 900 };
    const before = await getDb().auditEvent.count({ where: { action: 'policy.updated' } });
    await Promise.all([updatePolicy(ADMIN, a), updatePolicy({ ...ADMIN, id: 'admin-policy-2' }, b)]);
    const events = await getDb().auditEvent.findMany({ where: { action: 'policy.updated' }, orderBy: { id: 'asc' }, skip: before });
    expect(events).toHaveLength(2);
    const [first, second] = events.map((event) => event.details as { before: PolicyInput; after: PolicyInput });
    // The second edit's "before" is the first edit's "after": no edit was lost from the trail.
    expect(second?.before).toEqual(first?.after);
    const stored = await getDb().policy.findUniqueOrThrow({ where: { id: 1 } });
    expect(stored.maxSsaAgeSeconds).toBe(second?.after.maxSsaAgeSeconds);
  });

  it('stores the methods once each, in a fixed order', async () => {
    const result = await updatePolicy(ADMIN, { ...EDIT, tokenEndpointAuthMethods: ['client_secret_basic', 'private_key_jwt', 'client_secret_basic'] });
    expect(result).toMatchObject({ status: 'updated', policy: { tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'] } });
  });

  it.each<[string, Record<string, unknown>, Record<string, string[]>]>([
    ['an initial status other than pending or active', { mcrSandboxStatus: 'suspended' }, { mcrSandboxStatus: ['must be pending or active'] }],
    ['"rejected" as an initial status', { dcrProductionStatus: 'rejected' }, { dcrProductionStatus: ['must be pending or active'] }],
    ['a maximum age under a minute', { maxSsaAgeSeconds: 59 }, { maxSsaAgeSeconds: ['must be at least 60 seconds'] }],
    ['a maximum age over a year', { maxSsaAgeSeconds: 31_536_001 }, { maxSsaAgeSeconds: ['must be at most 31536000 seconds (one year)'] }],
    ['a fractional maximum age', { maxSsaAgeSeconds: 90.5 }, { maxSsaAgeSeconds: ['must be a whole number of seconds'] }],
    ['a maximum age as text', { maxSsaAgeSeconds: '3600' }, { maxSsaAgeSeconds: ['must be a whole number of seconds'] }],
    ['a registration JWT lifetime under a minute', { maxRegistrationJwtLifetimeSeconds: 59 }, { maxRegistrationJwtLifetimeSeconds: ['must be at least 60 seconds'] }],
    ['a registration JWT lifetime over a day', { maxRegistrationJwtLifetimeSeconds: 86_401 }, { maxRegistrationJwtLifetimeSeconds: ['must be at most 86400 seconds (one day)'] }],
    ['no registration JWT lifetime', { maxRegistrationJwtLifetimeSeconds: null }, { maxRegistrationJwtLifetimeSeconds: ['must be a whole number of seconds'] }],
    ['a client assertion lifetime over an hour', { maxClientAssertionLifetimeSeconds: 3601 }, { maxClientAssertionLifetimeSeconds: ['must be at most 3600 seconds (one hour)'] }],
    ['a fractional client assertion lifetime', { maxClientAssertionLifetimeSeconds: 90.5 }, { maxClientAssertionLifetimeSeconds: ['must be a whole number of seconds'] }],
    ['no method', { tokenEndpointAuthMethods: [] }, { tokenEndpointAuthMethods: ['allow at least one method'] }],
    ['an unknown method', { tokenEndpointAuthMethods: ['private_key_jwt', 'none'] }, { tokenEndpointAuthMethods: ['must be among private_key_jwt, tls_client_auth, client_secret_basic'] }],
  ])('refuses %s and changes nothing', async (_label, change, fieldErrors) => {
    const before = await getDb().policy.findUniqueOrThrow({ where: { id: 1 } });
    const events = await getDb().auditEvent.count();
    expect(await updatePolicy(ADMIN, { ...EDIT, ...change })).toEqual({ status: 'invalid', fieldErrors });
    expect(await getDb().policy.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before);
    expect(await getDb().auditEvent.count()).toBe(events);
  });

  it('accepts the bounds of the maximum age and no maximum', async () => {
    for (const maxSsaAgeSeconds of [60, 31_536_000, null]) {
      expect(await updatePolicy(ADMIN, { ...EDIT, maxSsaAgeSeconds })).toMatchObject({ status: 'updated', policy: { maxSsaAgeSeconds } });
    }
  });

  it('accepts the bounds of the lifetime caps', async () => {
    for (const [maxRegistrationJwtLifetimeSeconds, maxClientAssertionLifetimeSeconds] of [[60, 60], [86_400, 3_600]]) {
      expect(await updatePolicy(ADMIN, { ...EDIT, maxRegistrationJwtLifetimeSeconds, maxClientAssertionLifetimeSeconds })).toMatchObject({
        status: 'updated',
        policy: { maxRegistrationJwtLifetimeSeconds, maxClientAssertionLifetimeSeconds },
      });
    }
  });
});
