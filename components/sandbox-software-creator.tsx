'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { createSandboxSoftwareAction, type SandboxSoftwareState } from '@/app/sandbox/actions';

/** One click creates software in the sandbox directory; the next takes the user into registration with its SSA. */
export function SandboxSoftwareCreator() {
  const [state, formAction, isPending] = useActionState(createSandboxSoftwareAction, { status: 'idle' } as SandboxSoftwareState);
  const bundle = state.bundle;
  return (
    <div className="space-y-4">
      <form action={formAction} className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={isPending} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {isPending ? 'Creating…' : 'Create a software statement'}
        </button>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="obwac" /> with an OBWAC (an eIDAS QWAC whose PSD2 statement grants the software&apos;s roles)
        </label>
      </form>
      <div aria-live="polite" className="space-y-4">
        {state.formError ? (
          <p role="alert" className="text-sm text-red-700">
            {state.formError}
          </p>
        ) : null}
        {bundle ? (
          <div className="space-y-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4" data-testid="sandbox-software">
            <p className="text-sm">
              Software <code data-testid="sandbox-software-id">{bundle.software_id}</code> created. Keep the private keys: the sandbox directory
              keeps copies, but a real directory never hands them out — you generate them yourself.
            </p>
            <ul className="flex flex-wrap gap-2 text-sm">
              <Download name={`${bundle.software_id}.ssa.jwt`} type="application/jwt" content={bundle.ssa} label="SSA" />
              <Download name={`${bundle.software_id}-signing.key`} type="application/x-pem-file" content={bundle.signing.private_key_pem} label="Signing key" />
              <Download name={`${bundle.software_id}-signing.pem`} type="application/x-pem-file" content={bundle.signing.certificate_pem} label="Signing certificate" />
              <Download name={`${bundle.software_id}-transport.key`} type="application/x-pem-file" content={bundle.transport.private_key_pem} label="Transport key" />
              <Download name={`${bundle.software_id}-transport.pem`} type="application/x-pem-file" content={bundle.transport.certificate_pem} label="Transport certificate" />
              <Download name="sandbox-ca-bundle.pem" type="application/x-pem-file" content={bundle.ca_bundle_pem} label="CA bundle" />
            </ul>
            <Link
              href={`/register?sandboxSoftware=${encodeURIComponent(bundle.software_id)}`}
              className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Register a client with this SSA
            </Link>
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** A file to save, from text in the page. */
export function Download({ name, type, content, label }: { name: string; type: string; content: string; label: string }) {
  return (
    <li>
      <a
        href={`data:${type};charset=utf-8,${encodeURIComponent(content)}`}
        download={name}
        className="inline-block rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
      >
        {label}
      </a>
    </li>
  );
}
