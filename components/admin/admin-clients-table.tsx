import Link from 'next/link';
import { CertificateAttentionBadge } from '@/components/certificates/certificate-attention-badge';
import type { AdminClientRow } from '@/lib/admin/list-clients';
import { ClientStatusBadge } from './client-status-badge';
import { formatDateTime } from './format-date-time';

/** One page of the admin client list, newest first; each row links to the client's admin page. */
export function AdminClientsTable({ rows, caption }: { rows: AdminClientRow[]; caption: string }) {
  const now = new Date();
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="admin-clients">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">Client</th>
            <th scope="col" className="px-4 py-3 font-medium">Organisation</th>
            <th scope="col" className="px-4 py-3 font-medium">Software id</th>
            <th scope="col" className="px-4 py-3 font-medium">Environment</th>
            <th scope="col" className="px-4 py-3 font-medium">Method</th>
            <th scope="col" className="px-4 py-3 font-medium">Status</th>
            <th scope="col" className="px-4 py-3 font-medium">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.clientId}>
              <td className="px-4 py-3">
                <Link href={`/admin/clients/${row.clientId}`} className="font-medium text-brand-700 underline">
                  {row.softwareClientName}
                </Link>
                <span className="block font-mono text-xs text-slate-500">{row.clientId}</span>
              </td>
              <td className="px-4 py-3">
                {row.organisation.name}
                <span className="block font-mono text-xs text-slate-500">{row.organisation.directoryOrgId}</span>
              </td>
              <td className="px-4 py-3 font-mono text-xs">{row.softwareId}</td>
              <td className="px-4 py-3">{row.environment}</td>
              <td className="px-4 py-3">{row.creationMethod}</td>
              <td className="px-4 py-3">
                <ClientStatusBadge status={row.status} />
                <CertificateAttentionBadge certificates={row.certificates} now={now} />
              </td>
              <td className="whitespace-nowrap px-4 py-3">{formatDateTime(row.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
