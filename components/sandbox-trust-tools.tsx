'use client';

import { useActionState, useState } from 'react';
import { changeSandboxTrustAction, type SandboxTrustState } from '@/app/sandbox/actions';
import { Download } from './sandbox-software-creator';

const BUTTON = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60';

/** Revoke a software's keys or transport certificate, or get one that ends in five days, to watch the bank react. */
export function SandboxTrustTools() {
  const [state, formAction, isPending] = useActionState(changeSandboxTrustAction, { status: 'idle' } as SandboxTrustState);
  const bundle = state.bundle;
  // Controlled, so that the id stays for the next action (a form action resets uncontrolled fields).
  const [softwareId, setSoftwareId] = useState('');
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-3">
        <div>
          <label htmlFor="trust-software-id" className="block text-sm font-medium">
            Software id
          </label>
          <input
            id="trust-software-id"
            name="softwareId"
            value={softwareId}
            onChange={(event) => setSoftwareId(event.target.value)}
            className="mt-1 block w-full max-w-md rounded-md border border-slate-300 p-2 font-mono text-sm" />
        </div>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="action" value="revoke_keys" disabled={isPending} className={BUTTON}>
            Revoke its keys
          </button>
          <button type="submit" name="action" value="revoke_transport_certificate" disabled={isPending} className={BUTTON}>
            Revoke its transport certificate
          </button>
          <button type="submit" name="action" value="issue_short_transport_certificate" disabled={isPending} className={BUTTON}>
            Issue a transport certificate ending in 5 days
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="sandbox-trust-outcome" className="space-y-3">
        {state.formError ? (
          <p role="alert" className="text-sm text-red-700">
            {state.formError}
          </p>
        ) : null}
        {state.message ? <p className="text-sm text-emerald-800">{state.message}</p> : null}
        {bundle ? (
          <ul className="flex flex-wrap gap-2 text-sm">
            <Download name={`${bundle.software_id}-transport.key`} type="application/x-pem-file" content={bundle.transport.private_key_pem} label="Transport key now" />
            <Download name={`${bundle.software_id}-transport.pem`} type="application/x-pem-file" content={bundle.transport.certificate_pem} label="Transport certificate now" />
            <Download name={`${bundle.software_id}-signing.key`} type="application/x-pem-file" content={bundle.signing.private_key_pem} label="Signing key now" />
          </ul>
        ) : null}
      </div>
    </div>
  );
}
