'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ClientDecisionResult } from '@/lib/admin/change-client-status';
import { reactivateClient } from '@/lib/admin/reactivate-client';
import { revokeClient } from '@/lib/admin/revoke-client';
import { suspendClient } from '@/lib/admin/suspend-client';
import { recordRefusedClientDecision } from '@/lib/admin/record-refused-client-decision';
import { toClientDecisionState, type ClientDecisionState } from '@/lib/admin/to-client-decision-state';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { requireAdmin } from '@/lib/auth/require-admin';
import { boundText, submittedForm } from '@/lib/http/form-action-arguments';

const DECIDE = {
  suspend: (admin, clientId, reason) => suspendClient(admin, clientId, reason),
  reactivate: (admin, clientId, reason) => reactivateClient(admin, clientId, reason),
  // Issue 15: the form's boxes, ticked for the software by default, say what goes with the client.
  revoke: (admin, clientId, reason, formData) =>
    revokeClient(admin, clientId, reason, { alsoRevokeSoftware: formData.get('alsoRevokeSoftware') === 'on', alsoRevokeOrganisation: formData.get('alsoRevokeOrganisation') === 'on' }),
} as const satisfies Record<string, (admin: AdminActor, clientId: string, reason: string, formData: FormData) => Promise<ClientDecisionResult>>;
const transitionSchema = z.enum(['suspend', 'reactivate', 'revoke']);

/** Suspends, reactivates or revokes a client, with the admin's reason (shown to the TPP); revoking revokes its tokens, and as ticked its software and organisation. */
export async function changeClientStatusAction(boundClientId: string, _previous: ClientDecisionState, form: FormData): Promise<ClientDecisionState> {
  const clientId = boundText(boundClientId);
  const admin = await requireAdmin(`/admin/clients/${clientId}`);
  const formData = submittedForm(form);
  const transition = transitionSchema.safeParse(formData.get('transition'));
  if (!transition.success) {
    await recordRefusedClientDecision(admin, clientId, String(formData.get('transition') ?? ''), 'unknown decision');
    return { status: 'refused', formError: 'choose suspend, reactivate or revoke' };
  }
  // The reason is checked (and a refusal audited) in lib/admin.
  const reason = formData.get('reason');
  const result = await DECIDE[transition.data](admin, clientId, typeof reason === 'string' ? reason : '', formData);
  revalidatePath('/admin', 'layout');
  revalidatePath('/applications', 'layout');
  return toClientDecisionState(result, transition.data);
}
