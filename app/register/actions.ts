'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/require-user';
import { checkManualRegistration, type SoftwareSummary } from '@/lib/clients/check-manual-registration';
import { manualRegistrationChoicesSchema } from '@/lib/clients/manual-registration-choices';
import { readSoftwareStatementInput } from '@/lib/clients/read-software-statement-input';
import { registerManualClient } from '@/lib/clients/register-manual-client';
import { submittedForm } from '@/lib/http/form-action-arguments';
import { getRegistrationContext } from '@/lib/policy/get-registration-context';
import type { ValidationReport } from '@/lib/validation/report';

/** The registration form's state, read with `useActionState`. */
export type RegisterFormState = {
  status: 'idle' | 'invalid' | 'checked' | 'refused' | 'registered';
  softwareStatement?: string;
  report?: ValidationReport;
  software?: SoftwareSummary | null;
  /** The choices as submitted, so the form shows them again after a Check. */
  choices?: SubmittedChoices;
  fieldErrors?: Record<string, string[] | undefined>;
  formError?: string;
  /** Shown once: the action's response is the only place the secret ever appears. */
  registered?: { clientId: string; secret: string | null };
};

/** Check step (SSA alone, or with the TPP's choices) and Register step of manual client registration. */
export async function submitRegistration(_previous: RegisterFormState, form: FormData): Promise<RegisterFormState> {
  const user = await requireUser('/register');
  const formData = submittedForm(form);
  const softwareStatement = await readSoftwareStatementInput(formData.get('ssaFile'), formData.get('ssa'));
  if (softwareStatement === '') return { status: 'invalid', fieldErrors: { ssa: ['upload a software statement file or paste one'] } };
  const intent = formData.get('intent');
  const context = await getRegistrationContext();
  const submitted = intent === 'check-ssa' ? undefined : readChoices(formData);
  const parsed = submitted ? manualRegistrationChoicesSchema.safeParse(submitted) : null;
  const choices = parsed?.success ? parsed.data : null;
  if (intent === 'register' && choices) {
    const result = await registerManualClient(user, softwareStatement, choices, context);
    if (result.status === 'registered') {
      revalidatePath('/applications');
      return { status: 'registered', report: result.check.report, registered: { clientId: result.clientId, secret: result.secret } };
    }
    return { status: 'refused', softwareStatement, report: result.check.report, software: result.check.software, choices: submitted };
  }
  const check = await checkManualRegistration(user, softwareStatement, choices, context);
  const status = parsed?.success === false ? 'invalid' : check.report.ok ? 'checked' : 'refused';
  const fieldErrors = parsed?.success === false ? parsed.error.flatten().fieldErrors : undefined;
  return { status, softwareStatement, report: check.report, software: check.software, choices: submitted, fieldErrors };
}

type SubmittedChoices = { tokenEndpointAuthMethod: string; redirectUris: string[]; scopes: string[]; tlsClientAuthSubjectDn?: string; tokenEndpointAuthSigningAlg?: string };

function readChoices(formData: FormData): SubmittedChoices {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const texts = (name: string) => formData.getAll(name).filter((value): value is string => typeof value === 'string');
  return {
    tokenEndpointAuthMethod: text('tokenEndpointAuthMethod') ?? '',
    redirectUris: texts('redirectUris'),
    scopes: texts('scopes'),
    tlsClientAuthSubjectDn: text('tlsClientAuthSubjectDn'),
    tokenEndpointAuthSigningAlg: text('tokenEndpointAuthSigningAlg'),
  };
}
