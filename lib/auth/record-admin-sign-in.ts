import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import type { AdminActor } from './admin-actor';
import type { BankIdentity } from './read-bank-identity';

/**
 * Records a bank staff sign-in: creates or refreshes the Admin row with the role the IdP gave this time
 * (losing the admin group revokes access at the next check), and audits it. Returns the actor when admin.
 */
export async function recordAdminSignIn(issuer: string, identity: BankIdentity): Promise<AdminActor | null> {
  return getDb().$transaction(async (tx) => {
    const now = new Date();
    const admin = await tx.admin.upsert({
      where: { issuer_subject: { issuer, subject: identity.subject } },
      create: { issuer, subject: identity.subject, email: identity.email, name: identity.name, isAdmin: identity.isAdmin, lastSignInAt: now },
      update: { email: identity.email, name: identity.name, isAdmin: identity.isAdmin, lastSignInAt: now },
    });
    await recordAuditEvent(tx, {
      actor: { type: 'admin', id: admin.id },
      action: identity.isAdmin ? 'admin.signed_in' : 'admin.sign_in_refused',
      details: identity.isAdmin ? {} : { refusal: 'not_admin' },
    });
    return identity.isAdmin ? { id: admin.id, name: admin.name, email: admin.email } : null;
  });
}
