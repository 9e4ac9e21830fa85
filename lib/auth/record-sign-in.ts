import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import type { DirectoryIdentity } from './read-directory-identity';

/** What the session carries about a signed-in TPP user. */
export type SessionIdentity = {
  userId: string;
  organisation: { id: string; directoryOrgId: string; name: string; roles: string[] };
};

/**
 * Records a TPP user's sign-in: the first sign-in creates the organisation and the user from the
 * directory's claims, later ones refresh them (the directory is the source of truth for names and roles).
 */
export async function recordSignIn(issuer: string, identity: DirectoryIdentity): Promise<SessionIdentity> {
  return getDb().$transaction(async (tx) => {
    const { directoryOrgId, name, roles } = identity.organisation;
    // Prisma sends each upsert as one INSERT … ON CONFLICT DO UPDATE (a database upsert: `where` on one unique key
    // whose value `create` repeats, no nested writes, no relation in select/include), so concurrent first sign-ins
    // of one organisation or user wait for each other rather than fail on the unique key, and the organisation's
    // row lock then orders its users' sign-ins. Keep them in that shape; record-sign-in.test.ts races them.
    const organisation = await tx.organisation.upsert({
      where: { directoryOrgId },
      create: { directoryOrgId, name, roles, status: 'Active' },
      update: { name, roles },
    });
    const now = new Date();
    const user = await tx.tppUser.upsert({
      where: { directoryIssuer_directorySubject: { directoryIssuer: issuer, directorySubject: identity.subject } },
      create: {
        directoryIssuer: issuer,
        directorySubject: identity.subject,
        email: identity.email,
        name: identity.name,
        organisationId: organisation.id,
        lastSignInAt: now,
      },
      update: { email: identity.email, name: identity.name, organisationId: organisation.id, lastSignInAt: now },
    });
    await recordAuditEvent(tx, {
      actor: { type: 'tpp_user', id: user.id },
      action: 'tpp_user.signed_in',
      organisationId: organisation.id,
      details: { directoryOrgId, roles },
    });
    return { userId: user.id, organisation: { id: organisation.id, directoryOrgId, name: organisation.name, roles } };
  });
}
