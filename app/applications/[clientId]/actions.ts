'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/require-user';
import { deleteClient } from '@/lib/clients/delete-client';
import { rotateClientSecret } from '@/lib/clients/rotate-client-secret';
import { updateClientRedirectUris } from '@/lib/clients/update-client-redirect-uris';
import { boundText, submittedForm } from '@/lib/http/form-action-arguments';
import { getValidationContext } from '@/lib/validation/get-validation-context';
import type { ValidationReport } from '@/lib/validation/report';

/** State of the rotate-secret form: the new secret appears here once. */
export type RotateSecretState = { status: 'idle' | 'rotated' | 'error'; secret?: string; formError?: string };

/** Rotates a `client_secret_basic` client's secret and shows the new one once. */
export async function rotateSecretAction(boundClientId: string, _previous: RotateSecretState): Promise<RotateSecretState> {
  const clientId = boundText(boundClientId);
  const user = await requireUser(`/applications/${clientId}`);
  const result = await rotateClientSecret(user, clientId);
  if (result.status === 'not_found') redirect('/applications');
  if (result.status === 'no_secret') return { status: 'error', formError: 'this client does not authenticate with a client secret' };
  revalidatePath(`/applications/${clientId}`);
  return { status: 'rotated', secret: result.secret };
}

/** State of the redirect-URI form. */
export type RedirectUrisState = { status: 'idle' | 'updated' | 'refused'; report?: ValidationReport; formError?: string };

/** Replaces the client's redirect URIs with those checked in the form (within the SSA's list). */
export async function updateRedirectUrisAction(boundClientId: string, _previous: RedirectUrisState, form: FormData): Promise<RedirectUrisState> {
  const clientId = boundText(boundClientId);
  const user = await requireUser(`/applications/${clientId}`);
  const formData = submittedForm(form);
  const redirectUris = formData.getAll('redirectUris').filter((value): value is string => typeof value === 'string');
  if (redirectUris.length === 0) return { status: 'refused', formError: 'choose at least one redirect URI' };
  const result = await updateClientRedirectUris(user, clientId, redirectUris, getValidationContext());
  if (result.status === 'not_found') redirect('/applications');
  revalidatePath(`/applications/${clientId}`);
  return result.status === 'updated' ? { status: 'updated' } : { status: 'refused', report: result.report };
}

/** Deletes the client (revoking its tokens) once the TPP has confirmed, then returns to My applications. */
export async function deleteClientAction(boundClientId: string): Promise<void> {
  const clientId = boundText(boundClientId);
  const user = await requireUser(`/applications/${clientId}`);
  await deleteClient({ type: 'tpp_user', id: user.id }, user.organisation.id, clientId);
  revalidatePath('/applications');
  redirect('/applications');
}
