'use client';

import { useActionState, useState } from 'react';
import { updateTransportCertificateAction, type TransportCertificateState } from '@/app/applications/[clientId]/actions';
import { ValidationReportView } from '@/components/registration/validation-report-view';

/** Checks a new transport certificate (PEM) for the client and shows its report; saves it once every check passes. */
export function TransportCertificateForm({ clientId }: { clientId: string }) {
  const [state, formAction, isPending] = useActionState(updateTransportCertificateAction.bind(null, clientId), { status: 'idle' } as TransportCertificateState);
  // Controlled, so that the certificate stays in place after "Check" for "Save" (a form action resets uncontrolled fields).
  const [pem, setPem] = useState('');
  const button = 'rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60';
  return (
    <form action={formAction} className="space-y-3">
      <label htmlFor="new-transport-certificate" className="block text-sm font-medium">
        New transport certificate (PEM)
      </label>
      <textarea
        id="new-transport-certificate"
        name="certificate"
        value={pem}
        onChange={(event) => setPem(event.target.value)}
        rows={6}
        spellCheck={false}
        placeholder="-----BEGIN CERTIFICATE-----"
        className="block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
      />
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="check" disabled={isPending} className={button}>
          Check certificate
        </button>
        <button type="submit" name="intent" value="save" disabled={isPending} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>
          Save certificate
        </button>
      </div>
      <div aria-live="polite" data-testid="transport-certificate-outcome">
        {state.message ? <p className="text-sm text-emerald-700">{state.message}</p> : null}
        {state.status === 'checked' ? <p className="text-sm text-emerald-700">Every check passed: save it to use it with this client.</p> : null}
        {state.formError ? (
          <p role="alert" className="text-sm text-red-700">
            {state.formError}
          </p>
        ) : null}
        {state.report ? <ValidationReportView report={state.report} caption="Checks of the new transport certificate" /> : null}
      </div>
    </form>
  );
}
