import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { endDirectoryUserSessions } from './end-directory-user-sessions';
import { endSessions } from './end-sessions';
import { isSessionLive } from './is-session-live';
import { recordAdminSignIn } from './record-admin-sign-in';
import { recordSignIn } from './record-sign-in';
import { recordSignOut } from './record-sign-out';
import { startSession } from './start-session';

useTestDatabase();

const ISSUER = 'https://directory.example';
const NOW = new Date('2026-12-02T12:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

async function signInTpp(subject: string, directoryOrgId: string) {
  const identity = await recordSignIn(ISSUER, {
    subject,
    email: `${subject}@tpp.example`,
    name: subject,
    organisation: { directoryOrgId, name: `${directoryOrgId} Ltd`, roles: ['AISP'] },
  });
  const session = await startSession({ kind: 'tpp', tppUserId: identity.userId, organisationId: identity.organisation.id }, NOW);
  return { ...identity, sessionId: session.id };
}

async function signInAdmin(subject: string) {
  const admin = await recordAdminSignIn('https://bank-idp.example', { subject, email: `${subject}@bank.example`, name: subject, isAdmin: true });
  if (!admin) throw new Error('expected an admin');
  const session = await startSession({ kind: 'admin', adminId: admin.id }, NOW);
  return { adminId: admin.id, sessionId: session.id };
}

describe('portal sessions', () => {
  it('lives 8 hours for a TPP user and 1 hour for an admin, from sign-in', async () => {
    const tpp = await signInTpp('sub-life', '0015800001LIFEAAAA');
    const admin = await signInAdmin('admin-life');
    expect([await isSessionLive(tpp.sessionId, later(8 * 3600 - 1)), await isSessionLive(tpp.sessionId, later(8 * 3600))]).toEqual([true, false]);
    expect([await isSessionLive(admin.sessionId, later(3600 - 1)), await isSessionLive(admin.sessionId, later(3600))]).toEqual([true, false]);
  });

  it('names no live session for a cookie without a session id or with an unknown one', async () => {
    expect(await isSessionLive(undefined, NOW)).toBe(false);
    expect(await isSessionLive('no-such-session', NOW)).toBe(false);
  });

  it("sign-out ends that session only, and audits it once", async () => {
    const first = await signInTpp('sub-out', '0015800001OUTAAAAA');
    const second = await signInTpp('sub-out', '0015800001OUTAAAAA');
    const token = { kind: 'tpp' as const, userId: first.userId, organisation: first.organisation, sessionId: first.sessionId };
    await recordSignOut(token);
    await recordSignOut(token);

    expect(await isSessionLive(first.sessionId, NOW)).toBe(false);
    expect(await isSessionLive(second.sessionId, NOW)).toBe(true);
    const events = await getDb().auditEvent.findMany({ where: { actorId: first.userId, action: 'tpp_user.signed_out' } });
    expect(events.map((event) => [event.actorType, event.organisationId])).toEqual([['tpp_user', first.organisation.id]]);
  });

  it("an admin's sign-out ends their session and is audited", async () => {
    const admin = await signInAdmin('admin-out');
    await recordSignOut({ kind: 'admin', userId: admin.adminId, sessionId: admin.sessionId });
    expect(await isSessionLive(admin.sessionId, NOW)).toBe(false);
    expect(await getDb().auditEvent.count({ where: { actorId: admin.adminId, action: 'admin.signed_out' } })).toBe(1);
  });

  it("ends every session of an organisation's users (a suspension), and no other organisation's", async () => {
    const alice = await signInTpp('sub-org-alice', '0015800001SUSPENDD');
    const ann = await signInTpp('sub-org-ann', '0015800001SUSPENDD');
    const bob = await signInTpp('sub-org-bob', '0015800001KEEPAAAA');
    const admin = await signInAdmin('admin-org');

    const ended = await getDb().$transaction((tx) => endSessions(tx, { organisationId: alice.organisation.id }));

    expect(ended).toBe(2);
    expect(await Promise.all([alice, ann, bob, admin].map((session) => isSessionLive(session.sessionId, NOW)))).toEqual([false, false, true, true]);
  });

  it("ends every session of one user, or of one admin", async () => {
    const first = await signInTpp('sub-user', '0015800001USERAAAA');
    const second = await signInTpp('sub-user', '0015800001USERAAAA');
    const colleague = await signInTpp('sub-user-colleague', '0015800001USERAAAA');
    const admin = await signInAdmin('admin-user');

    expect(await endSessions(getDb(), { tppUserId: first.userId })).toBe(2);
    expect(await endSessions(getDb(), { adminId: admin.adminId })).toBe(1);
    expect(await Promise.all([first, second, colleague, admin].map((session) => isSessionLive(session.sessionId, NOW)))).toEqual([false, false, true, false]);
  });

  it("the directory's back-channel logout ends the subject's sessions and audits it; an unknown subject ends none", async () => {
    const dora = await signInTpp('sub-removed', '0015800001BCLAAAAA');
    const colleague = await signInTpp('sub-stays', '0015800001BCLAAAAA');

    expect(await endDirectoryUserSessions(ISSUER, 'sub-removed')).toBe(1);
    expect(await endDirectoryUserSessions(ISSUER, 'sub-never-signed-in')).toBe(0);
    expect(await endDirectoryUserSessions('https://other-directory.example', 'sub-stays')).toBe(0);

    expect([await isSessionLive(dora.sessionId, NOW), await isSessionLive(colleague.sessionId, NOW)]).toEqual([false, true]);
    const events = await getDb().auditEvent.findMany({ where: { action: 'tpp_user.sessions_ended' } });
    expect(events.map((event) => [event.actorType, event.organisationId, event.details])).toEqual([
      ['system', dora.organisation.id, { tppUserId: dora.userId, reason: 'directory_backchannel_logout', sessions: 1 }],
    ]);
  });

  it('sweeps sessions past their end when a new one starts', async () => {
    const old = await signInTpp('sub-sweep', '0015800001SWEEPAAA');
    const { userId, organisation } = old;
    await startSession({ kind: 'tpp', tppUserId: userId, organisationId: organisation.id }, later(8 * 3600));
    expect(await getDb().portalSession.findUnique({ where: { id: old.sessionId } })).toBeNull();
  });
});
