'use server';

import { requireUser } from '@/lib/auth/require-user';
import { submittedForm } from '@/lib/http/form-action-arguments';
import { changeSandboxSoftwareTrust, SANDBOX_TRUST_ACTIONS, type SandboxTrustAction } from '@/lib/sandbox/change-sandbox-software-trust';
import { createSandboxSoftware, type SandboxSoftwareBundle } from '@/lib/sandbox/create-sandbox-software';

/** State of the Sandbox page's one-click software creation. */
export type SandboxSoftwareState = { status: 'idle' | 'created' | 'error'; bundle?: SandboxSoftwareBundle; formError?: string };

/** Creates a software statement for the signed-in organisation in the sandbox directory. */
export async function createSandboxSoftwareAction(_previous: SandboxSoftwareState, form: FormData): Promise<SandboxSoftwareState> {
  const user = await requireUser('/sandbox');
  const isObwac = submittedForm(form).get('obwac') === 'on';
  try {
    const bundle = await createSandboxSoftware(user.organisation.directoryOrgId, { isObwac });
    return bundle ? { status: 'created', bundle } : { status: 'error', formError: 'the sandbox directory did not create the software; is it running?' };
  } catch (error) {
    console.error('sandbox software creation failed:', error instanceof Error ? error.message : error);
    return { status: 'error', formError: 'the sandbox directory could not be reached' };
  }
}

/** State of the Sandbox page's trust tools: what the directory did, and the software's keys and certificates now. */
export type SandboxTrustState = { status: 'idle' | 'done' | 'error'; message?: string; bundle?: SandboxSoftwareBundle; formError?: string };

/** Revokes a software's keys or transport certificate, or issues one that ends soon, at the sandbox directory. */
export async function changeSandboxTrustAction(_previous: SandboxTrustState, form: FormData): Promise<SandboxTrustState> {
  const user = await requireUser('/sandbox');
  const formData = submittedForm(form);
  const action = formData.get('action');
  const softwareId = formData.get('softwareId');
  if (typeof action !== 'string' || !(action in SANDBOX_TRUST_ACTIONS)) return { status: 'error', formError: 'choose what to do' };
  if (typeof softwareId !== 'string' || softwareId.trim() === '') return { status: 'error', formError: 'give the software id' };
  const result = await changeSandboxSoftwareTrust(user, softwareId.trim(), action as SandboxTrustAction);
  if (result.status === 'unavailable') return { status: 'error', formError: 'the sandbox directory could not be reached' };
  if (result.status === 'refused') return { status: 'error', formError: result.description };
  return { status: 'done', message: result.message, bundle: result.bundle };
}
