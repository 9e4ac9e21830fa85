'use client';

import Link from 'next/link';
import { useActionState, useState, type FormEvent } from 'react';
import { submitRegistration, type RegisterFormState } from '@/app/register/actions';
import type { SoftwareSummary } from '@/lib/clients/check-manual-registration';
import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';
import { ValidationReportView } from './validation-report-view';

const AUTH_METHODS = [
  { value: 'private_key_jwt', label: 'private_key_jwt', detail: 'a JWT signed with your software signing key (recommended)' },
  { value: 'tls_client_auth', label: 'tls_client_auth', detail: 'your transport certificate, matched by subject DN' },
  { value: 'client_secret_basic', label: 'client_secret_basic', detail: 'a client secret, shown once' },
] as const;

const INITIAL_STATE: RegisterFormState = { status: 'idle' };

/**
 * Manual registration: SSA upload or paste → report → choices → Check → Register. `authMethods` are the methods the
 * bank offers (its deployment and policy, as the validators read them); only those are shown.
 */
export function RegisterForm({ initialSoftwareStatement, authMethods }: { initialSoftwareStatement?: string; authMethods: readonly string[] }) {
  const [state, formAction, isPending] = useActionState(submitRegistration, INITIAL_STATE);
  const [sizeError, setSizeError] = useState<string | null>(null);

  // An SSA over 64 KiB is refused here, before it is sent: a large one makes the form bigger than the portal reads
  // (lib/http/refuse-server-action.ts), and that answer carries no report to show.
  function refuseOversizedStatement(event: FormEvent<HTMLFormElement>) {
    const formData = new FormData(event.currentTarget);
    const error = describeOversizedStatement(formData.get('ssaFile'), formData.get('ssa'));
    setSizeError(error);
    if (error) event.preventDefault();
  }

  if (state.status === 'registered' && state.registered) {
    return <RegisteredPanel registered={state.registered} />;
  }

  const software = state.software ?? null;
  return (
    <form action={formAction} onSubmit={refuseOversizedStatement} className="space-y-8" noValidate>
      <fieldset className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" disabled={isPending}>
        <legend className="px-1 text-lg font-semibold">1. Software statement</legend>
        <div>
          <label htmlFor="ssaFile" className="block text-sm font-medium">
            Upload the SSA file
          </label>
          <input id="ssaFile" name="ssaFile" type="file" accept=".jwt,.txt,.ssa,application/jwt,text/plain" className="mt-1 block text-sm" />
        </div>
        <div>
          <label htmlFor="ssa" className="block text-sm font-medium">
            or paste it
          </label>
          <textarea
            id="ssa"
            name="ssa"
            rows={5}
            spellCheck={false}
            defaultValue={state.softwareStatement ?? initialSoftwareStatement ?? ''}
            aria-describedby="ssa-help ssa-error"
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
          />
          <p id="ssa-help" className="mt-1 text-sm text-slate-500">
            The compact JWS the Open Banking Directory issued for your software (at most 64 KiB).
          </p>
          <FieldError id="ssa-error" messages={sizeError ? [sizeError] : state.fieldErrors?.ssa} />
        </div>
        <button type="submit" name="intent" value="check-ssa" className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100">
          Check software statement
        </button>
      </fieldset>

      <div aria-live="polite" className="space-y-8">
        {state.formError ? (
          <p role="alert" className="text-red-700">
            {state.formError}
          </p>
        ) : null}
        {state.report ? <ValidationReportView report={state.report} /> : null}
        {software ? <ChoicesFieldset authMethods={authMethods} key={software.softwareId} software={software} state={state} isPending={isPending} /> : null}
      </div>
    </form>
  );
}

function ChoicesFieldset({
  software,
  state,
  isPending,
  authMethods,
}: {
  software: SoftwareSummary;
  state: RegisterFormState;
  isPending: boolean;
  authMethods: readonly string[];
}) {
  // After a Check the form is reset by React; the echoed choices keep what the TPP picked.
  const chosen = state.choices;
  const offered = AUTH_METHODS.filter((method) => authMethods.includes(method.value));
  const [authMethod, setAuthMethod] = useState<string>(chosen?.tokenEndpointAuthMethod || offered[0]?.value || '');
  const errors = state.fieldErrors ?? {};
  return (
    <fieldset className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" disabled={isPending}>
      <legend className="px-1 text-lg font-semibold">2. Your client</legend>
      <p className="text-sm text-slate-600">
        <strong className="text-slate-900">{software.clientName}</strong> · software id <code>{software.softwareId}</code> · {software.environment} ·
        roles {software.roles.join(', ')}
      </p>

      <fieldset>
        <legend className="text-sm font-medium">Token endpoint authentication</legend>
        <div className="mt-2 space-y-2">
          {offered.length === 0 ? <p className="text-sm text-slate-600">The bank allows no method for manual registrations at present; ask its support.</p> : null}
          {offered.map((method) => (
            <label key={method.value} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="tokenEndpointAuthMethod"
                value={method.value}
                checked={authMethod === method.value}
                onChange={() => setAuthMethod(method.value)}
                className="mt-1"
              />
              <span>
                <code>{method.label}</code> — {method.detail}
              </span>
            </label>
          ))}
        </div>
        <FieldError messages={errors.tokenEndpointAuthMethod} />
      </fieldset>

      {authMethod === 'private_key_jwt' ? (
        <div>
          <label htmlFor="tokenEndpointAuthSigningAlg" className="block text-sm font-medium">
            Client assertion signing algorithm
          </label>
          <select
            id="tokenEndpointAuthSigningAlg"
            name="tokenEndpointAuthSigningAlg"
            defaultValue={chosen?.tokenEndpointAuthSigningAlg || 'PS256'} className="mt-1 rounded-md border border-slate-300 p-2 text-sm">
            <option value="PS256">PS256</option>
            <option value="ES256">ES256</option>
          </select>
        </div>
      ) : null}
      {authMethod === 'tls_client_auth' ? (
        <div>
          <label htmlFor="tlsClientAuthSubjectDn" className="block text-sm font-medium">
            Transport certificate subject DN
          </label>
          <input
            id="tlsClientAuthSubjectDn"
            name="tlsClientAuthSubjectDn"
            defaultValue={chosen?.tlsClientAuthSubjectDn ?? software.transportSubjectDn ?? ''}
            aria-describedby="dn-help"
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
          />
          <p id="dn-help" className="mt-1 text-sm text-slate-500">
            Prefilled from your software&apos;s transport certificate in the directory. The token endpoint matches it attribute by attribute.
          </p>
          <FieldError messages={errors.tlsClientAuthSubjectDn} />
        </div>
      ) : null}

      <fieldset>
        <legend className="text-sm font-medium">Redirect URIs (from your software statement)</legend>
        <div className="mt-2 space-y-1">
          {software.redirectUris.map((uri) => (
            <label key={uri} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="redirectUris" value={uri} defaultChecked={chosen ? chosen.redirectUris.includes(uri) : true} />
              <code>{uri}</code>
            </label>
          ))}
        </div>
        <FieldError messages={errors.redirectUris} />
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium">Scopes (those your software&apos;s roles allow)</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {software.allowedScopes.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={chosen ? chosen.scopes.includes(scope) : true} />
              <code>{scope}</code>
            </label>
          ))}
        </div>
        <FieldError messages={errors.scopes} />
      </fieldset>

      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="check" className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100">
          Check
        </button>
        <button type="submit" name="intent" value="register" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Register
        </button>
      </div>
    </fieldset>
  );
}

function RegisteredPanel({ registered }: { registered: { clientId: string; secret: string | null } }) {
  return (
    <section className="space-y-4 rounded-xl border border-emerald-200 bg-emerald-50 p-6" role="status" aria-labelledby="registered-heading">
      <h2 id="registered-heading" className="text-xl font-semibold text-emerald-900">
        Client registered
      </h2>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-medium">Client id</dt>
          <dd>
            <code data-testid="registered-client-id">{registered.clientId}</code>
          </dd>
        </div>
        {registered.secret ? (
          <div>
            <dt className="font-medium">Client secret</dt>
            <dd>
              <code data-testid="registered-client-secret" className="break-all">
                {registered.secret}
              </code>
              <p className="mt-1 text-amber-800">Copy it now: it is shown only this once. The bank keeps only a hash.</p>
            </dd>
          </div>
        ) : null}
      </dl>
      <Link href={`/applications/${registered.clientId}`} className="inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        View the application
      </Link>
    </section>
  );
}

// The action reads the file when one is chosen, else the pasted text, trimmed (lib/clients/read-software-statement-input.ts).
function describeOversizedStatement(file: FormDataEntryValue | null, pasted: FormDataEntryValue | null): string | null {
  const limit = `it must be at most ${SSA_MAX_BYTES / 1024} KiB (${SSA_MAX_BYTES} bytes)`;
  if (file instanceof File && file.size > 0) return file.size > SSA_MAX_BYTES ? `the software statement file is ${file.size} bytes; ${limit}` : null;
  const bytes = typeof pasted === 'string' ? new TextEncoder().encode(pasted.trim()).byteLength : 0;
  return bytes > SSA_MAX_BYTES ? `the software statement is ${bytes} bytes; ${limit}` : null;
}

function FieldError({ id, messages }: { id?: string; messages?: string[] }) {
  if (!messages?.length) return <span id={id} />;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700">
      {messages.join('; ')}
    </p>
  );
}
