import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminSectionNav } from '@/components/admin/admin-section-nav';
import { formatDateTime } from '@/components/admin/format-date-time';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { listPendingClients } from '@/lib/admin/list-pending-clients';
import { requireAdmin } from '@/lib/auth/require-admin';

export const metadata: Metadata = { title: 'Review queue' };

export default async function ReviewQueuePage() {
  await requireAdmin('/admin/review');
  const { clients, total } = await listPendingClients();
  return (
    <>
      <PageHeader
        title="Review queue"
        lead="Clients the registration policy holds for review, oldest first. A pending client cannot obtain tokens until approved."
      />
      <AdminSectionNav current="/admin/review" />
      <p className="mb-4 text-sm text-slate-600" aria-live="polite" data-testid="pending-count">
        {total === 0 ? 'Nothing to review.' : `${total} pending client${total === 1 ? '' : 's'}${total > clients.length ? `, the oldest ${clients.length} shown` : ''}.`}
      </p>
      {clients.length === 0 ? (
        <Card>
          <p className="text-slate-700">
            No client is waiting. New registrations start pending when the <Link href="/admin/policy" className="text-brand-700 underline">policy</Link> says so.
          </p>
        </Card>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="review-queue">
            <caption className="sr-only">Pending clients, oldest first</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Waiting since</th>
                <th scope="col" className="px-4 py-3 font-medium">Software</th>
                <th scope="col" className="px-4 py-3 font-medium">Organisation</th>
                <th scope="col" className="px-4 py-3 font-medium">Environment</th>
                <th scope="col" className="px-4 py-3 font-medium">Method</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {clients.map((client) => (
                <tr key={client.clientId}>
                  <td className="whitespace-nowrap px-4 py-3">{formatDateTime(client.createdAt)}</td>
                  <td className="px-4 py-3">
                    <Link href={`/admin/review/${client.clientId}`} className="font-medium text-brand-700 underline">
                      Review {client.softwareClientName}
                    </Link>
                    <span className="block font-mono text-xs text-slate-500">{client.softwareId}</span>
                    {client.revoked ? (
                      <span className="mt-1 inline-block rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800" data-testid="revoked-mark">
                        {client.revoked === 'software' ? 'Revoked software' : 'Revoked organisation'}: lift the revocation before approving
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-3">
                    {client.organisation.name}
                    <span className="block font-mono text-xs text-slate-500">{client.organisation.directoryOrgId}</span>
                  </td>
                  <td className="px-4 py-3">{client.environment}</td>
                  <td className="px-4 py-3">{client.creationMethod}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
