'use client';

import { useActionState } from 'react';
import { updatePolicyAction, type PolicyFormState, type PolicyFormValues } from '@/app/admin/policy/actions';

const STATUS_FIELDS = [
  { name: 'mcrSandboxStatus', method: 'Manual (portal)', environment: 'Sandbox' },
  { name: 'mcrProductionStatus', method: 'Manual (portal)', environment: 'Production' },
  { name: 'dcrSandboxStatus', method: 'Dynamic (API)', environment: 'Sandbox' },
  { name: 'dcrProductionStatus', method: 'Dynamic (API)', environment: 'Production' },
] as const;

const METHODS = [
  { value: 'private_key_jwt', detail: 'a JWT signed with a key of the software JWKS' },
  { value: 'tls_client_auth', detail: "the transport certificate's subject DN" },
  { value: 'client_secret_basic', detail: 'a client secret (manual registration; DCR only if the deployment enables it)' },
] as const;

type PolicyFormProps = { current: PolicyFormValues; isDcrSecretAllowed: boolean };

const LIFETIME_FIELDS = [
  {
    name: 'maxRegistrationJwtLifetimeSeconds',
    label: 'Maximum registration JWT lifetime',
    help: 'In seconds from the JWT\'s iat to its exp (POST and PUT /register), from 60 to 86400 (a day); 3600 by default.',
  },
  {
    name: 'maxClientAssertionLifetimeSeconds',
    label: 'Maximum client assertion lifetime',
    help: 'In seconds from the assertion\'s iat to its exp (private_key_jwt at /token), from 60 to 3600 (an hour); 300 by default.',
  },
] as const;

/** Edits the registration policy: initial statuses, the SSA maximum age, the JWT lifetime caps, the allowed auth methods and registrations of revoked software. */
export function PolicyForm({ current, isDcrSecretAllowed }: PolicyFormProps) {
  const [state, formAction, isPending] = useActionState(updatePolicyAction, { status: 'idle' } as PolicyFormState);
  // React resets the form after an action: show a refused edit again, else the stored policy.
  const values = state.values ?? current;
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-8">
      <fieldset disabled={isPending} className="space-y-8">
        <fieldset>
          <legend className="text-lg font-semibold">New clients start</legend>
          <p className="mt-1 text-sm text-slate-600">
            A pending client gets <code>invalid_client</code> at the token endpoint until an admin approves it in the review queue. Production is
            every environment other than sandbox.
          </p>
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            {STATUS_FIELDS.map((field) => (
              <div key={field.name}>
                <label htmlFor={field.name} className="block text-sm font-medium">
                  {field.method}, {field.environment.toLowerCase()}
                </label>
                <select
                  id={field.name}
                  name={field.name}
                  defaultValue={values[field.name]}
                  aria-invalid={errors[field.name] ? true : undefined}
                  className="mt-1 rounded-md border border-slate-300 p-2 text-sm"
                >
                  <option value="active">active (no review)</option>
                  <option value="pending">pending (review first)</option>
                </select>
                <FieldError messages={errors[field.name]} />
              </div>
            ))}
          </div>
        </fieldset>

        <div>
          <label htmlFor="maxSsaAgeSeconds" className="block text-lg font-semibold">
            Maximum SSA age
          </label>
          <p id="maxSsaAgeSeconds-help" className="mt-1 text-sm text-slate-600">
            In seconds since the SSA&apos;s <code>iat</code>, from 60 to 31536000 (a year). Leave empty for no limit.
          </p>
          <input
            id="maxSsaAgeSeconds"
            name="maxSsaAgeSeconds"
            inputMode="numeric"
            defaultValue={values.maxSsaAgeSeconds}
            aria-describedby="maxSsaAgeSeconds-help"
            aria-invalid={errors.maxSsaAgeSeconds ? true : undefined}
            className="mt-2 w-48 rounded-md border border-slate-300 p-2 text-sm"
          />
          <FieldError messages={errors.maxSsaAgeSeconds} />
        </div>

        {LIFETIME_FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={field.name} className="block text-lg font-semibold">
              {field.label}
            </label>
            <p id={`${field.name}-help`} className="mt-1 text-sm text-slate-600">
              {field.help} A longer one is refused, and its <code>jti</code> is not kept.
            </p>
            <input
              id={field.name}
              name={field.name}
              inputMode="numeric"
              required
              defaultValue={values[field.name]}
              aria-describedby={`${field.name}-help`}
              aria-invalid={errors[field.name] ? true : undefined}
              className="mt-2 w-48 rounded-md border border-slate-300 p-2 text-sm"
            />
            <FieldError messages={errors[field.name]} />
          </div>
        ))}

        <fieldset>
          <legend className="text-lg font-semibold">Token endpoint auth methods new clients may choose</legend>
          <div className="mt-3 space-y-2">
            {METHODS.map((method) => (
              <label key={method.value} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="tokenEndpointAuthMethods" value={method.value} defaultChecked={values.tokenEndpointAuthMethods.includes(method.value)} className="mt-1" />
                <span>
                  <code>{method.value}</code> — {method.detail}
                </span>
              </label>
            ))}
          </div>
          {!isDcrSecretAllowed ? (
            <p className="mt-2 text-sm text-slate-600">
              This deployment does not enable <code>client_secret_basic</code> for DCR (<code>DCR_ALLOW_CLIENT_SECRET_BASIC</code>), so it applies to manual
              registration only.
            </p>
          ) : null}
          <FieldError messages={errors.tokenEndpointAuthMethods} />
        </fieldset>

        <div>
          <label htmlFor="revokedSoftwareRegistrations" className="block text-lg font-semibold">
            Registrations of revoked software
          </label>
          <p id="revokedSoftwareRegistrations-help" className="mt-1 text-sm text-slate-600">
            When the bank has revoked a software (or its organisation), a new registration of it is refused with <code>unapproved_software_statement</code>, or
            held pending in the review queue, marked as revoked software; it can be approved only once the revocation is lifted.
          </p>
          <select
            id="revokedSoftwareRegistrations"
            name="revokedSoftwareRegistrations"
            defaultValue={values.revokedSoftwareRegistrations}
            aria-describedby="revokedSoftwareRegistrations-help"
            aria-invalid={errors.revokedSoftwareRegistrations ? true : undefined}
            className="mt-2 rounded-md border border-slate-300 p-2 text-sm"
          >
            <option value="refuse">refuse</option>
            <option value="hold">hold for review</option>
          </select>
          <FieldError messages={errors.revokedSoftwareRegistrations} />
        </div>
      </fieldset>

      <div className="flex items-center gap-4">
        <button type="submit" disabled={isPending} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          Save policy
        </button>
        <div aria-live="polite" className="text-sm">
          {state.status === 'saved' ? <p className="text-emerald-700">Policy saved. New registrations follow it from now on.</p> : null}
          {state.formError ? (
            <p role="alert" className="text-red-700">
              {state.formError}
            </p>
          ) : null}
        </div>
      </div>
    </form>
  );
}

function FieldError({ messages }: { messages?: string[] }) {
  return messages && messages.length > 0 ? <p className="mt-1 text-sm text-red-700">{messages.join('; ')}</p> : null;
}
