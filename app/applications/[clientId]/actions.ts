'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/require-user';
import { deleteClient } from '@/lib/clients/delete-client';
import { rotateClientSecret } from '@/lib/clients/rotate-client-secret';
import { updateClientRedirectUris } from '@/lib/clients/update-client-redirect-uris';
import { checkTransportCertificateUpdate, saveTransportCertificateUpdate } from '@/lib/clients/update-transport-certificate';
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

/** State of the update-transport-certificate form: the report of the last check, and whether the certificate was saved. */
export type TransportCertificateState = { status: 'idle' | 'checked' | 'refused' | 'saved'; report?: ValidationReport; formError?: string; message?: string };

// A PEM certificate chain of a few certificates is a few kilobytes; anything far larger is not one.
const PEM_MAX_LENGTH = 64 * 1024;

/**
 * Checks a new transport certificate for the client ("Check"), or checks and keeps it ("Save"), showing the report
 * either way (OB-RULES *Trust over time*, rotation).
 */
export async function updateTransportCertificateAction(boundClientId: string, _previous: TransportCertificateState, form: FormData): Promise<TransportCertificateState> {
  const clientId = boundText(boundClientId);
  const user = await requireUser(`/applications/${clientId}`);
  const formData = submittedForm(form);
  const pem = formData.get('certificate');
  if (typeof pem !== 'string' || pem.trim() === '') return { status: 'refused', formError: 'paste the new transport certificate (PEM)' };
  if (pem.length > PEM_MAX_LENGTH) return { status: 'refused', formError: `a transport certificate in PEM is far shorter than ${PEM_MAX_LENGTH / 1024} KiB` };
  const save = formData.get('intent') === 'save';
  const result = await (save ? saveTransportCertificateUpdate : checkTransportCertificateUpdate)(user, clientId, pem, getValidationContext());
  if (result.status === 'not_found') redirect('/applications');
  if (result.status === 'closed') return { status: 'refused', formError: result.description };
  if (result.status !== 'saved') return { status: result.status, report: result.report };
  revalidatePath(`/applications/${clientId}`);
  const message = result.isNew
    ? `Saved: the client now also authenticates with the certificate ending ${result.certificate.notAfter.toISOString().slice(0, 10)} (serial ${result.certificate.serialNumber}).`
    : 'This certificate is already kept with the client.';
  return { status: 'saved', report: result.report, message };
}

/** Deletes the client (revoking its tokens) once the TPP has confirmed, then returns to My applications. */
export async function deleteClientAction(boundClientId: string): Promise<void> {
  const clientId = boundText(boundClientId);
  const user = await requireUser(`/applications/${clientId}`);
  await deleteClient({ type: 'tpp_user', id: user.id }, user.organisation.id, clientId);
  revalidatePath('/applications');
  redirect('/applications');
}
