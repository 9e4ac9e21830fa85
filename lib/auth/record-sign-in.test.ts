import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { DirectoryIdentity } from './read-directory-identity';
import { recordRefusedSignIn } from './record-refused-sign-in';
import { recordSignIn } from './record-sign-in';

useTestDatabase();

const ISSUER = 'https://directory.example';
const alice: DirectoryIdentity = {
  subject: 'sub-alice',
  email: 'alice@tpp.example',
  name: 'Alice',
  organisation: { directoryOrgId: '0015800001TPPAAAAA', name: 'TPP Ltd', roles: ['AISP'] },
};

describe('recordSignIn', () => {
  it('creates the organisation and the user on first sign-in, and audits it', async () => {
    const identity = await recordSignIn(ISSUER, alice);

    const organisation = await getDb().organisation.findUniqueOrThrow({ where: { directoryOrgId: '0015800001TPPAAAAA' } });
    expect(organisation).toMatchObject({ name: 'TPP Ltd', roles: ['AISP'], status: 'Active' });
    const user = await getDb().tppUser.findUniqueOrThrow({ where: { id: identity.userId } });
    expect(user).toMatchObject({ directoryIssuer: ISSUER, directorySubject: 'sub-alice', email: 'alice@tpp.example', organisationId: organisation.id });
    expect(identity).toEqual({
      userId: user.id,
      organisation: { id: organisation.id, directoryOrgId: '0015800001TPPAAAAA', name: 'TPP Ltd', roles: ['AISP'] },
    });
    const events = await getDb().auditEvent.findMany({ where: { actorId: user.id } });
    expect(events.map((event) => [event.action, event.organisationId, event.details])).toEqual([
      ['tpp_user.signed_in', organisation.id, { directoryOrgId: '0015800001TPPAAAAA', roles: ['AISP'] }],
    ]);
  });

  it('refreshes names and roles from the directory on a later sign-in without duplicating anything', async () => {
    const first = await recordSignIn(ISSUER, { ...alice, subject: 'sub-alice-2' });
    const second = await recordSignIn(ISSUER, {
      ...alice,
      subject: 'sub-alice-2',
      name: 'Alice A.',
      organisation: { ...alice.organisation, name: 'TPP Group Ltd', roles: ['AISP', 'PISP'] },
    });

    expect(second.userId).toBe(first.userId);
    expect(second.organisation).toEqual({ ...first.organisation, name: 'TPP Group Ltd', roles: ['AISP', 'PISP'] });
    expect(await getDb().organisation.count({ where: { directoryOrgId: '0015800001TPPAAAAA' } })).toBe(1);
    expect(await getDb().tppUser.findUniqueOrThrow({ where: { id: first.userId } })).toMatchObject({ name: 'Alice A.' });
  });

  it('lets many new users of one new organisation sign in at once: one organisation, every user, every sign-in audited', async () => {
    const directoryOrgId = '0015800001TPPRACE1';
    const identities = Array.from({ length: 20 }, (_, i): DirectoryIdentity => ({
      ...alice,
      subject: `sub-race-${i}`,
      organisation: { directoryOrgId, name: 'Race Ltd', roles: ['AISP'] },
    }));

    const results = await Promise.allSettled(identities.map((identity) => recordSignIn(ISSUER, identity)));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const organisations = await getDb().organisation.findMany({ where: { directoryOrgId } });
    expect(organisations).toHaveLength(1);
    const users = await getDb().tppUser.findMany({ where: { organisationId: organisations[0]!.id } });
    expect(users.map((user) => user.directorySubject).sort()).toEqual(identities.map((identity) => identity.subject).sort());
    const fulfilled = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(new Set(fulfilled.map((identity) => identity.organisation.id))).toEqual(new Set([organisations[0]!.id]));
    expect(await getDb().auditEvent.count({ where: { action: 'tpp_user.signed_in', organisationId: organisations[0]!.id } })).toBe(20);
  });

  it('lets one new user sign in many times at once: one user', async () => {
    const identity: DirectoryIdentity = { ...alice, subject: 'sub-race-twice', organisation: { directoryOrgId: '0015800001TPPRACE2', name: 'Race Two Ltd', roles: [] } };

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => recordSignIn(ISSUER, identity)));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const users = await getDb().tppUser.findMany({ where: { directorySubject: 'sub-race-twice' } });
    expect(users).toHaveLength(1);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value.userId : null))).toEqual(Array(10).fill(users[0]!.id));
    expect(await getDb().organisation.count({ where: { directoryOrgId: '0015800001TPPRACE2' } })).toBe(1);
  });

  it('keeps users of different issuers apart even with the same subject', async () => {
    const here = await recordSignIn(ISSUER, { ...alice, subject: 'shared-sub' });
    const there = await recordSignIn('https://other-directory.example', { ...alice, subject: 'shared-sub' });
    expect(there.userId).not.toBe(here.userId);
  });
});

describe('recordRefusedSignIn', () => {
  it('audits the refusal with the subject and the reason, and creates no user', async () => {
    const usersBefore = await getDb().tppUser.count();
    await recordRefusedSignIn('sub-carol', 'not_tpp_associated');

    expect(await getDb().tppUser.count()).toBe(usersBefore);
    const events = await getDb().auditEvent.findMany({ where: { action: 'tpp_user.sign_in_refused' } });
    expect(events.map((event) => [event.actorType, event.actorId, event.details])).toEqual([
      ['anonymous', 'sub-carol', { refusal: 'not_tpp_associated' }],
    ]);
  });
});
