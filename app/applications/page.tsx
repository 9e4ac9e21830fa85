import type { Metadata } from 'next';
import Link from 'next/link';
import { CertificateAttentionBadge } from '@/components/certificates/certificate-attention-badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/require-user';
import { listOrganisationClients } from '@/lib/clients/list-organisation-clients';

export const metadata: Metadata = { title: 'My applications' };

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function ApplicationsPage() {
  const user = await requireUser('/applications');
  const clients = await listOrganisationClients(user.organisation.id);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="My applications"
        lead={
          <>
            Every OAuth client of <strong data-testid="organisation-name">{user.organisation.name}</strong>, registered in this
            portal or over the DCR API. Directory roles: {user.organisation.roles.join(', ') || 'none'}.
          </>
        }
        actions={
          <Link href="/register" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Register software
          </Link>
        }
      />
      {clients.length === 0 ? (
        <Card>
          <p className="text-slate-700">
            Your organisation has no clients yet. Register one from a software statement, or let your software register itself
            over the API.
          </p>
        </Card>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Clients of {user.organisation.name}</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Software</th>
                <th scope="col" className="px-4 py-3 font-medium">Client id</th>
                <th scope="col" className="px-4 py-3 font-medium">Environment</th>
                <th scope="col" className="px-4 py-3 font-medium">Registered</th>
                <th scope="col" className="px-4 py-3 font-medium">Auth method</th>
                <th scope="col" className="px-4 py-3 font-medium">Status</th>
                <th scope="col" className="px-4 py-3 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {clients.map((client) => (
                <tr key={client.clientId}>
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/applications/${client.clientId}`} className="text-brand-700 underline">
                      {client.softwareClientName}
                    </Link>
                  </td>
                  <td className="px-4 py-3 font-mono text-xs">{client.clientId}</td>
                  <td className="px-4 py-3">{client.environment}</td>
                  <td className="px-4 py-3">{client.creationMethod === 'DCR' ? 'API (DCR)' : 'Portal'}</td>
                  <td className="px-4 py-3 font-mono text-xs">{client.tokenEndpointAuthMethod}</td>
                  <td className="px-4 py-3">
                    {client.status}
                    <CertificateAttentionBadge certificates={client.certificates} now={now} />
                  </td>
                  <td className="px-4 py-3">{DATE_FORMAT.format(client.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
