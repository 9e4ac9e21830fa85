import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import type { SignInRefusal } from './read-directory-identity';

/** Records a refused sign-in, so the bank can see who tried to get in without belonging to a TPP. */
export async function recordRefusedSignIn(subject: string | null, refusal: SignInRefusal): Promise<void> {
  await recordAuditEvent(getDb(), {
    actor: { type: 'anonymous', id: subject },
    action: 'tpp_user.sign_in_refused',
    details: { refusal },
  });
}
