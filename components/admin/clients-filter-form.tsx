import Link from 'next/link';
import type { ListClientsQuery } from '@/lib/admin/list-clients-query';

const STATUSES = ['pending', 'active', 'suspended', 'revoked', 'rejected'] as const;
const INPUT = 'mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm';

type ClientsFilterFormProps = { query: ListClientsQuery; environments: string[] };

/** The admin client list's filters, sent as GET parameters so a filtered list can be bookmarked and shared. */
export function ClientsFilterForm({ query, environments }: ClientsFilterFormProps) {
  return (
    <form method="get" action="/admin/clients" role="search" aria-label="Filter clients" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <div>
          <label htmlFor="filter-organisation" className="block text-sm font-medium">
            Organisation (name or directory id)
          </label>
          <input id="filter-organisation" name="organisation" defaultValue={query.organisation ?? ''} className={INPUT} />
        </div>
        <div>
          <label htmlFor="filter-software" className="block text-sm font-medium">
            Software id
          </label>
          <input id="filter-software" name="softwareId" defaultValue={query.softwareId ?? ''} className={INPUT} />
        </div>
        <div>
          <label htmlFor="filter-q" className="block text-sm font-medium">
            Client id contains
          </label>
          <input id="filter-q" name="q" defaultValue={query.q ?? ''} className={INPUT} />
        </div>
        <div>
          <label htmlFor="filter-environment" className="block text-sm font-medium">
            Environment
          </label>
          <select id="filter-environment" name="environment" defaultValue={query.environment ?? ''} className={INPUT}>
            <option value="">any</option>
            {environments.map((environment) => (
              <option key={environment} value={environment}>
                {environment}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-method" className="block text-sm font-medium">
            Registered
          </label>
          <select id="filter-method" name="method" defaultValue={query.method ?? ''} className={INPUT}>
            <option value="">either way</option>
            <option value="MCR">in the portal (MCR)</option>
            <option value="DCR">over the API (DCR)</option>
          </select>
        </div>
        <div>
          <label htmlFor="filter-status" className="block text-sm font-medium">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ''} className={INPUT}>
            <option value="">any</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-trust" className="block text-sm font-medium">
            Trust
          </label>
          <select id="filter-trust" name="trust" defaultValue={query.trust ?? ''} className={INPUT}>
            <option value="">any</option>
            <option value="rechecked">suspended by the trust re-check</option>
            <option value="expiring">certificates ending within 30 days</option>
          </select>
        </div>
      </div>
      <div className="mt-4 flex items-center gap-4">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Search
        </button>
        <Link href="/admin/clients" className="text-sm text-brand-700 underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
