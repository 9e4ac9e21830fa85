import 'server-only';
import type { Session } from 'next-auth';
import { recordAuditRefusal } from '@/lib/audit/record-audit-refusal';
import { getDb } from '@/lib/db';
import type { AdminActor } from './admin-actor';
import { findSessionAdmin } from './find-session-admin';

/**
 * The bank admin a session's user is, or null; a signed-in user who is not one (a TPP user, or bank staff whose
 * admin role was withdrawn) is audited as `admin.access_refused` with who they are, from the session alone, and
 * `target`, the admin page or action they tried. Counted per user, the first at once (lib/audit/record-audit-refusal.ts).
 * Nobody signed in is not recorded: that is a visit before sign-in.
 */
export async function authorizeAdminSession(user: Session['user'] | undefined, target: string): Promise<AdminActor | null> {
  const admin = await findSessionAdmin(user);
  if (admin !== null || user === undefined) return admin;
  const actor = user.kind === 'tpp' ? ({ type: 'tpp_user', id: user.id } as const) : ({ type: 'admin', id: user.id } as const);
  await recordAuditRefusal(getDb(), {
    actor,
    action: 'admin.access_refused',
    organisationId: user.kind === 'tpp' ? (user.organisation?.id ?? null) : null,
    key: [actor.type, actor.id],
    details: { target: target.slice(0, 200), refusal: user.kind === 'tpp' ? 'tpp_user' : 'not_admin' },
  });
  return null;
}
