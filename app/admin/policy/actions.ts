'use server';

import { revalidatePath } from 'next/cache';
import { requireAdmin } from '@/lib/auth/require-admin';
import { boundChoice, boundText, submittedForm } from '@/lib/http/form-action-arguments';
import { liftRevocation, REVOCATION_KINDS, type RevocationKind } from '@/lib/software-revocation/lift-revocation';
import { policyInputSchema, type PolicyInput } from '@/lib/policy/policy-input-schema';
import { readPolicyForm } from '@/lib/policy/read-policy-form';
import { updatePolicy } from '@/lib/policy/update-policy';

/** The policy form's fields as text, to show a refused edit again. */
export type PolicyFormValues = Record<Exclude<keyof PolicyInput, 'tokenEndpointAuthMethods'>, string> & { tokenEndpointAuthMethods: string[] };

/** The policy form's state, read with `useActionState`. */
export type PolicyFormState = {
  status: 'idle' | 'saved' | 'invalid';
  fieldErrors?: Partial<Record<keyof PolicyInput, string[]>>;
  formError?: string;
  /** What was submitted, when it was refused (React resets the form after an action). */
  values?: PolicyFormValues;
};

/** Saves the bank's registration policy. */
export async function updatePolicyAction(_previous: PolicyFormState, form: FormData): Promise<PolicyFormState> {
  const admin = await requireAdmin('/admin/policy');
  const formData = submittedForm(form);
  const parsed = policyInputSchema.safeParse(readPolicyForm(formData));
  const result = parsed.success ? await updatePolicy(admin, parsed.data) : ({ status: 'invalid', fieldErrors: parsed.error.flatten().fieldErrors } as const);
  if (result.status === 'invalid') return { status: 'invalid', fieldErrors: result.fieldErrors, formError: 'The policy was not saved.', values: echo(formData) };
  revalidatePath('/admin/policy');
  return { status: 'saved' };
}

/** A lift form's state, read with `useActionState`. */
export type LiftRevocationState = { status: 'idle' | 'lifted' | 'invalid' | 'not_found'; fieldErrors?: { reason?: string[] }; formError?: string };

/** Lifts a revocation of a software or an organisation, with the admin's reason (audited). */
export async function liftRevocationAction(kind: RevocationKind, revocationId: string, _previous: LiftRevocationState, form: FormData): Promise<LiftRevocationState> {
  const admin = await requireAdmin('/admin/policy');
  const reason = submittedForm(form).get('reason');
  const result = await liftRevocation(admin, boundChoice(kind, REVOCATION_KINDS), boundText(revocationId), typeof reason === 'string' ? reason : '');
  if (result.status === 'invalid') return { status: 'invalid', fieldErrors: result.fieldErrors };
  if (result.status === 'not_found') return { status: 'not_found', formError: 'This revocation no longer stands: another admin may have lifted it.' };
  revalidatePath('/admin', 'layout');
  return { status: 'lifted' };
}

function echo(formData: FormData): PolicyFormValues {
  const text = (name: string) => String(formData.get(name) ?? '');
  return {
    mcrSandboxStatus: text('mcrSandboxStatus'),
    mcrProductionStatus: text('mcrProductionStatus'),
    dcrSandboxStatus: text('dcrSandboxStatus'),
    dcrProductionStatus: text('dcrProductionStatus'),
    maxSsaAgeSeconds: text('maxSsaAgeSeconds'),
    revokedSoftwareRegistrations: text('revokedSoftwareRegistrations'),
    maxRegistrationJwtLifetimeSeconds: text('maxRegistrationJwtLifetimeSeconds'),
    maxClientAssertionLifetimeSeconds: text('maxClientAssertionLifetimeSeconds'),
    tokenEndpointAuthMethods: formData.getAll('tokenEndpointAuthMethods').map(String),
  };
}
