import Link from 'next/link';
import type { AuditQueryField } from '@/lib/audit/parse-audit-query';

type AuditFiltersFormProps = {
  values: Partial<Record<AuditQueryField, string>>;
  fieldErrors?: Partial<Record<AuditQueryField, string>>;
};

const ACTOR_TYPES = [
  ['', 'Any'],
  ['tpp_user', 'TPP user'],
  ['admin', 'Bank admin'],
  ['client', 'Client (API)'],
  ['system', 'System'],
  ['anonymous', 'Anonymous'],
] as const;

const INPUT = 'mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm';

/** The audit trail's filters, as a GET form: a filtered view is a URL an admin can share or bookmark. */
export function AuditFiltersForm({ values, fieldErrors = {} }: AuditFiltersFormProps) {
  const field = (name: AuditQueryField, label: string, props: { type?: string; placeholder?: string } = {}) => (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`audit-${name}`}
        name={name}
        defaultValue={values[name] ?? ''}
        type={props.type ?? 'text'}
        placeholder={props.placeholder}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `audit-${name}-error` : undefined}
        className={INPUT}
      />
      {fieldErrors[name] ? (
        <p id={`audit-${name}-error`} className="mt-1 text-sm text-red-700">
          {fieldErrors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit trail" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {field('q', 'Client or organisation', { placeholder: 'client id, organisation name or org id' })}
        {field('action', 'Action', { placeholder: 'client, or client.registered' })}
        <div>
          <label htmlFor="audit-actorType" className="block text-sm font-medium">
            Actor type
          </label>
          <select id="audit-actorType" name="actorType" defaultValue={values.actorType ?? ''} className={INPUT}>
            {ACTOR_TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {fieldErrors.actorType ? <p className="mt-1 text-sm text-red-700">{fieldErrors.actorType}</p> : null}
        </div>
        {field('actorId', 'Actor id')}
        {field('from', 'From (UTC)', { type: 'date' })}
        {field('to', 'To (UTC, inclusive)', { type: 'date' })}
      </div>
      {/* Filters that arrive by link (from a client or organisation page) stay until cleared. */}
      {values.clientId ? <input type="hidden" name="clientId" value={values.clientId} /> : null}
      {values.organisationId ? <input type="hidden" name="organisationId" value={values.organisationId} /> : null}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Filter
        </button>
        <Link href="/admin/audit" className="text-sm text-brand-700 underline">
          Clear filters
        </Link>
        {values.clientId ? <span className="text-sm text-slate-600">Client <code>{values.clientId}</code></span> : null}
        {values.organisationId ? <span className="text-sm text-slate-600">Organisation <code>{values.organisationId}</code></span> : null}
      </div>
    </form>
  );
}
