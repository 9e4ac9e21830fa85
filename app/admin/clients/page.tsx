import type { Metadata } from 'next';
import { AdminClientsTable } from '@/components/admin/admin-clients-table';
import { AdminSectionNav } from '@/components/admin/admin-section-nav';
import { ClientsFilterForm } from '@/components/admin/clients-filter-form';
import { Pager } from '@/components/admin/pager';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { listClients } from '@/lib/admin/list-clients';
import { listClientsQuerySchema, type ListClientsQuery } from '@/lib/admin/list-clients-query';
import { requireAdmin } from '@/lib/auth/require-admin';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'All clients' };

type AdminClientsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminClientsPage({ searchParams }: AdminClientsPageProps) {
  await requireAdmin('/admin/clients');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  const parsed = listClientsQuerySchema.safeParse(raw);
  const query: ListClientsQuery = parsed.success ? parsed.data : listClientsQuerySchema.parse({});
  const result = parsed.success ? await listClients(query) : null;
  const environments = [...new Set(['sandbox', 'production', ...getEnv().trustDomains.map((domain) => domain.environment)])];
  return (
    <>
      <PageHeader title="All clients" lead="Every live client of every organisation, newest first. Open one to suspend, reactivate or revoke it." />
      <AdminSectionNav current="/admin/clients" />
      <div className="space-y-6">
        <ClientsFilterForm query={query} environments={environments} />
        {!result ? (
          <Notice tone="error" title="These filters cannot be applied">
            Choose a method and status from the lists, and search for text without NUL characters.
          </Notice>
        ) : result.total === 0 ? (
          <Card>
            <p className="text-slate-700" aria-live="polite">
              No client matches these filters.
            </p>
          </Card>
        ) : (
          <>
            <p className="text-sm text-slate-600" aria-live="polite" data-testid="clients-total">
              {result.total} client{result.total === 1 ? '' : 's'}
              {result.rows.length > 0
                ? `, showing ${(result.page - 1) * result.pageSize + 1}–${(result.page - 1) * result.pageSize + result.rows.length}`
                : `; page ${result.page} is past the last page`}
              .
            </p>
            {result.rows.length > 0 ? <AdminClientsTable rows={result.rows} caption="Clients matching the filters, newest first" /> : null}
            <Pager page={result.page} pageCount={result.pageCount} hrefFor={(page) => hrefFor(query, page)} label="Client list pages" />
          </>
        )}
      </div>
    </>
  );
}

function hrefFor(query: ListClientsQuery, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, page: page > 1 ? String(page) : undefined })) {
    if (value) search.set(key, String(value));
  }
  return search.size > 0 ? `/admin/clients?${search}` : '/admin/clients';
}
