'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { approveClient } from '@/lib/admin/approve-client';
import { decisionReasonSchema } from '@/lib/admin/decision-reason-schema';
import { rejectClient } from '@/lib/admin/reject-client';
import { toClientDecisionState, type ClientDecisionState } from '@/lib/admin/to-client-decision-state';
import { requireAdmin } from '@/lib/auth/require-admin';

const transitionSchema = z.enum(['approve', 'reject']);

/** Approves or rejects a pending client, with the reviewer's reason (shown to the TPP). */
export async function reviewClientAction(clientId: string, _previous: ClientDecisionState, formData: FormData): Promise<ClientDecisionState> {
  const admin = await requireAdmin(`/admin/review/${clientId}`);
  const transition = transitionSchema.safeParse(formData.get('transition'));
  if (!transition.success) return { status: 'refused', formError: 'choose approve or reject' };
  const reason = decisionReasonSchema.safeParse(formData.get('reason'));
  if (!reason.success) return { status: 'invalid', transition: transition.data, fieldErrors: { reason: reason.error.issues.map((issue) => issue.message) } };
  const result = await (transition.data === 'approve' ? approveClient : rejectClient)(admin, clientId, reason.data);
  revalidatePath('/admin', 'layout');
  revalidatePath('/applications', 'layout');
  return toClientDecisionState(result, transition.data);
}
