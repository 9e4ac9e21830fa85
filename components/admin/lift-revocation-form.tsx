'use client';

import { useActionState } from 'react';
import type { LiftRevocationState } from '@/app/admin/policy/actions';

type LiftRevocationFormProps = {
  /** A server action bound to the revocation. */
  action: (previous: LiftRevocationState, formData: FormData) => Promise<LiftRevocationState>;
  /** What is lifted, for the label: `software "TestSoftware0001" (sandbox)`. */
  subject: string;
  id: string;
  reasonMaxLength: number;
};

/** Lifts one revocation with a required reason: registrations of it are checked as any other from then on. */
export function LiftRevocationForm({ action, subject, id, reasonMaxLength }: LiftRevocationFormProps) {
  const [state, formAction, isPending] = useActionState(action, { status: 'idle' } as LiftRevocationState);
  const errors = state.fieldErrors?.reason ?? [];
  const fieldId = `lift-reason-${id}`;
  if (state.status === 'lifted') return <p className="text-sm text-emerald-700" aria-live="polite">Lifted: {subject} may register again.</p>;
  return (
    <form action={formAction} className="space-y-2">
      <label htmlFor={fieldId} className="block text-sm font-medium">
        Reason for lifting the revocation of {subject}
      </label>
      <textarea
        id={fieldId}
        name="reason"
        required
        maxLength={reasonMaxLength}
        rows={2}
        aria-invalid={errors.length > 0 || undefined}
        className="block w-full rounded-md border border-slate-300 p-2 text-sm"
      />
      <div aria-live="polite" className="text-sm text-red-700">
        {errors.length > 0 ? <p>{errors.join('; ')}</p> : null}
        {state.formError ? <p role="alert">{state.formError}</p> : null}
      </div>
      <button type="submit" disabled={isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        Lift revocation
      </button>
    </form>
  );
}
