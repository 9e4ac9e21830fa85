'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { approveClient } from '@/lib/admin/approve-client';
import { rejectClient } from '@/lib/admin/reject-client';
import { recordRefusedClientDecision } from '@/lib/admin/record-refused-client-decision';
import { toClientDecisionState, type ClientDecisionState } from '@/lib/admin/to-client-decision-state';
import { requireAdmin } from '@/lib/auth/require-admin';
import { boundText, submittedForm } from '@/lib/http/form-action-arguments';

const transitionSchema = z.enum(['approve', 'reject']);

/** Approves or rejects a pending client, with the reviewer's reason (shown to the TPP). */
export async function reviewClientAction(boundClientId: string, _previous: ClientDecisionState, form: FormData): Promise<ClientDecisionState> {
  const clientId = boundText(boundClientId);
  const admin = await requireAdmin(`/admin/review/${clientId}`);
  const formData = submittedForm(form);
  const transition = transitionSchema.safeParse(formData.get('transition'));
  if (!transition.success) {
    await recordRefusedClientDecision(admin, clientId, String(formData.get('transition') ?? ''), 'unknown decision');
    return { status: 'refused', formError: 'choose approve or reject' };
  }
  // The reason is checked (and a refusal audited) in lib/admin.
  const reason = formData.get('reason');
  const result = await (transition.data === 'approve' ? approveClient : rejectClient)(admin, clientId, typeof reason === 'string' ? reason : '');
  revalidatePath('/admin', 'layout');
  revalidatePath('/applications', 'layout');
  return toClientDecisionState(result, transition.data);
}
