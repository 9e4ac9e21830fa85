'use client';

import { useActionState } from 'react';
import { updateRedirectUrisAction, type RedirectUrisState } from '@/app/applications/[clientId]/actions';
import { ValidationReportView } from '@/components/registration/validation-report-view';

/** Edits the client's redirect URIs, offering only those of its software statement. */
export function RedirectUrisForm({ clientId, available, current }: { clientId: string; available: string[]; current: string[] }) {
  const [state, formAction, isPending] = useActionState(updateRedirectUrisAction.bind(null, clientId), { status: 'idle' } as RedirectUrisState);
  return (
    <form action={formAction} className="space-y-3">
      <fieldset disabled={isPending}>
        <legend className="sr-only">Redirect URIs</legend>
        {available.map((uri) => (
          <label key={uri} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="redirectUris" value={uri} defaultChecked={current.includes(uri)} />
            <code>{uri}</code>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={isPending} className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
        Save redirect URIs
      </button>
      <div aria-live="polite">
        {state.status === 'updated' ? <p className="text-sm text-emerald-700">Redirect URIs saved.</p> : null}
        {state.formError ? (
          <p role="alert" className="text-sm text-red-700">
            {state.formError}
          </p>
        ) : null}
        {state.report ? <ValidationReportView report={state.report} caption="Why the change was refused" /> : null}
      </div>
    </form>
  );
}
