'use client';

import { useActionState } from 'react';
import type { ClientTransition } from '@/lib/admin/client-transitions';
import type { ClientDecisionState } from '@/lib/admin/to-client-decision-state';

const FORMS: Record<ClientTransition, { title: string; help: string; button: string; isDestructive: boolean }> = {
  approve: { title: 'Approve', help: 'The client becomes active and may obtain tokens.', button: 'Approve client', isDestructive: false },
  reject: { title: 'Reject', help: 'The client never becomes active. The TPP sees your reason.', button: 'Reject client', isDestructive: true },
  suspend: { title: 'Suspend', help: 'Its live access tokens are revoked and it cannot obtain new ones until reactivated.', button: 'Suspend client', isDestructive: true },
  reactivate: { title: 'Reactivate', help: 'The client may obtain tokens again.', button: 'Reactivate client', isDestructive: false },
  revoke: { title: 'Revoke', help: 'Permanent: its access tokens are revoked and it can never obtain tokens again.', button: 'Revoke client permanently', isDestructive: true },
};

type ClientDecisionPanelProps = {
  /** A server action bound to the client id. */
  action: (previous: ClientDecisionState, formData: FormData) => Promise<ClientDecisionState>;
  /** The decisions valid for the client's current status. */
  transitions: ClientTransition[];
  reasonMaxLength: number;
};

/**
 * The decisions an admin may take on a client, each a form with a required reason the TPP will read. One
 * action state serves every form, so the outcome stays on screen when the client's new status changes them.
 */
export function ClientDecisionPanel({ action, transitions, reasonMaxLength }: ClientDecisionPanelProps) {
  const [state, formAction, isPending] = useActionState(action, { status: 'idle' } as ClientDecisionState);
  return (
    <div className="space-y-4">
      <div aria-live="polite" data-testid="decision-outcome">
        {state.status === 'done' ? <p className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">{state.message}</p> : null}
        {state.formError ? (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            {state.formError}
          </p>
        ) : null}
      </div>
      {transitions.length === 0 ? <p className="text-sm text-slate-600">No decision can be taken on this client in its current status.</p> : null}
      <div className="grid gap-4 md:grid-cols-2">
        {transitions.map((transition) => {
          const form = FORMS[transition];
          const id = `reason-${transition}`;
          const errors = state.status === 'invalid' && state.transition === transition ? (state.fieldErrors?.reason ?? []) : [];
          return (
            <form key={transition} action={formAction} className="space-y-2 rounded-lg border border-slate-200 p-4" aria-labelledby={`${id}-title`}>
              <input type="hidden" name="transition" value={transition} />
              <h3 id={`${id}-title`} className="font-semibold">
                {form.title}
              </h3>
              <p className="text-sm text-slate-600">{form.help}</p>
              <label htmlFor={id} className="block text-sm font-medium">
                Reason (shown to the TPP)
              </label>
              <textarea
                id={id}
                name="reason"
                required
                maxLength={reasonMaxLength}
                rows={3}
                aria-invalid={errors.length > 0 || undefined}
                aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
                className="block w-full rounded-md border border-slate-300 p-2 text-sm"
              />
              {transition === 'revoke' ? (
                <fieldset className="space-y-1 text-sm">
                  <legend className="font-medium">Also refuse new registrations of</legend>
                  <label className="flex items-start gap-2">
                    <input type="checkbox" name="alsoRevokeSoftware" defaultChecked className="mt-1" />
                    <span>its software, in this environment (the same SSA cannot register a new client)</span>
                  </label>
                  <label className="flex items-start gap-2">
                    <input type="checkbox" name="alsoRevokeOrganisation" className="mt-1" />
                    <span>any software of its organisation (its other clients keep their status)</span>
                  </label>
                </fieldset>
              ) : null}
              <div aria-live="polite">
                {errors.length > 0 ? (
                  <p id={`${id}-error`} className="text-sm text-red-700">
                    {errors.join('; ')}
                  </p>
                ) : null}
              </div>
              <button
                type="submit"
                disabled={isPending}
                className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-60 ${
                  form.isDestructive ? 'bg-red-700 hover:bg-red-800' : 'bg-brand-600 hover:bg-brand-700'
                }`}
              >
                {form.button}
              </button>
            </form>
          );
        })}
      </div>
    </div>
  );
}
