import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditEventsTable } from '@/components/admin/audit/audit-events-table';
import { AuditFiltersForm } from '@/components/admin/audit/audit-filters-form';
import { VerifyChainForm } from '@/components/admin/audit/verify-chain-form';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { parseAuditQuery, type AuditQueryField } from '@/lib/audit/parse-audit-query';
import { requireAdmin } from '@/lib/auth/require-admin';

export const metadata: Metadata = { title: 'Audit trail' };

type AuditPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: AuditPageProps) {
  await requireAdmin('/admin/audit');
  const query = parseAuditQuery(toSearchParams(await searchParams));
  const page = query.status === 'valid' ? await listAuditEvents(query.filters, { before: query.before }) : null;
  const { before, ...filterValues } = query.values;
  return (
    <>
      <PageHeader
        title="Audit trail"
        lead="Every registration, update, deletion, token issued or changed, sign-in and admin decision, and every refused attempt, append-only. Refusals that can be repeated at will (failed token authentications, access to another client) are recorded at their first occurrence and then as one event a minute with a count. Each event carries the hash of the one before it, so an edited or deleted event breaks the chain; the chain's head is anchored outside the database, so a chain rewritten to hide that is found too."
        actions={
          // A plain link, not next/link: prefetching would start (and audit) an export.
          <a href={`/admin/audit/export${toQueryString(filterValues)}`} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Export CSV
          </a>
        }
      />
      <div className="space-y-6">
        <Card>
          <VerifyChainForm />
        </Card>
        <AuditFiltersForm values={query.values} fieldErrors={query.status === 'invalid' ? query.fieldErrors : undefined} />
        {query.status === 'invalid' ? (
          <Notice tone="error" title="These filters cannot be applied">
            Correct the highlighted fields.
          </Notice>
        ) : page && page.events.length > 0 ? (
          <>
            <AuditEventsTable events={page.events} />
            <nav aria-label="Audit pages" className="flex gap-4 text-sm">
              {before ? (
                <Link href={`/admin/audit${toQueryString(filterValues)}`} className="text-brand-700 underline">
                  Newest
                </Link>
              ) : null}
              {page.nextCursor ? (
                <Link href={`/admin/audit${toQueryString({ ...filterValues, before: page.nextCursor.toString() })}`} className="text-brand-700 underline">
                  Older
                </Link>
              ) : null}
            </nav>
          </>
        ) : (
          <Card>
            <p className="text-slate-700">{before ? 'No older events match these filters.' : 'No events match these filters.'}</p>
          </Card>
        )}
      </div>
    </>
  );
}

function toSearchParams(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) search.set(key, first);
  }
  return search;
}

function toQueryString(values: Partial<Record<AuditQueryField, string>>): string {
  const search = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return search.size > 0 ? `?${search}` : '';
}
