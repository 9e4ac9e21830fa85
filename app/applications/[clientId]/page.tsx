import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DeleteClientForm } from '@/components/applications/delete-client-form';
import { RedirectUrisForm } from '@/components/applications/redirect-uris-form';
import { RotateSecretForm } from '@/components/applications/rotate-secret-form';
import { TransportCertificateForm } from '@/components/applications/transport-certificate-form';
import { KeptCertificatesView } from '@/components/certificates/kept-certificates-view';
import { ValidationReportView } from '@/components/registration/validation-report-view';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { requireUser } from '@/lib/auth/require-user';
import type { Client } from '@/lib/db';
import { getOrganisationClient } from '@/lib/clients/get-organisation-client';
import { maskSecretTail } from '@/lib/clients/mask-secret-tail';
import { readStoredSoftwareStatement } from '@/lib/clients/read-stored-software-statement';
import { readStoredReport } from '@/lib/validation/read-stored-report';

export const metadata: Metadata = { title: 'Application' };

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

type ApplicationPageProps = { params: Promise<{ clientId: string }> };

export default async function ApplicationPage({ params }: ApplicationPageProps) {
  const { clientId } = await params;
  const user = await requireUser(`/applications/${clientId}`);
  const client = await getOrganisationClient(user, clientId);
  if (!client) notFound();
  const ssa = readStoredSoftwareStatement(client.softwareStatementClaims);
  const report = readStoredReport(client.validationReport);
  const rows: Array<[string, string]> = [
    ['Client id', client.clientId],
    ['Software id', client.softwareId],
    ['Environment', client.environment],
    ['Registered', `${client.creationMethod === 'DCR' ? 'over the API (DCR)' : 'in the portal'} on ${DATE_FORMAT.format(client.createdAt)} UTC`],
    ['Status', client.status],
    ['Token endpoint auth method', client.tokenEndpointAuthMethod],
    ...(client.tokenEndpointAuthSigningAlg ? [['Client assertion algorithm', client.tokenEndpointAuthSigningAlg] as [string, string]] : []),
    ...(client.tlsClientAuthSubjectDn ? [['Certificate subject DN', client.tlsClientAuthSubjectDn] as [string, string]] : []),
    ...(client.secretTail ? [['Client secret', maskSecretTail(client.secretTail) ?? '']] as Array<[string, string]> : []),
    ['Scopes', client.scopes.join(' ')],
    ['Grant types', client.grantTypes.join(', ')],
    ['Response types', client.responseTypes.join(', ')],
    ['ID token signing algorithm', client.idTokenSignedResponseAlg ?? '—'],
    ['Request object signing algorithm', client.requestObjectSigningAlg ?? '—'],
    ['Application type', client.applicationType ?? '—'],
  ];
  return (
    <div className="space-y-8">
      <div>
        <Link href="/applications" className="text-sm font-medium text-brand-700 underline">
          ← My applications
        </Link>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">{client.softwareClientName}</h1>
      </div>
      <StatusPanel client={client} />
      <Card>
        <h2 className="text-lg font-semibold">Client</h2>
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]" data-testid="client-metadata">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-slate-600">{label}</dt>
              <dd className="break-all font-mono text-xs sm:text-sm">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Transport certificates</h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          The bank re-checks these certificates on a schedule: the directory&apos;s revoked lists, the bank&apos;s trusted CAs, and the certificate authority&apos;s own
          status (OCSP, else its CRL). Before one ends, or once it is revoked, add a current transport certificate of the software below (or send PUT
          /register/{'{client_id}'} over it). The client keeps working with the old one until that ends or is revoked.
        </p>
        <KeptCertificatesView certificates={client.certificates} now={new Date()} caption={`Transport certificates of ${client.softwareClientName}`} />
        {client.status === 'revoked' || client.status === 'rejected' ? null : (
          <div className="mt-6 border-t border-slate-100 pt-4">
            <h3 className="mb-2 font-semibold">Update transport certificate</h3>
            <TransportCertificateForm clientId={client.clientId} />
          </div>
        )}
      </Card>
      {client.tokenEndpointAuthMethod === 'client_secret_basic' ? (
        <Card>
          <h2 className="text-lg font-semibold">Client secret</h2>
          <p className="mb-4 mt-1 text-sm text-slate-600">
            The bank keeps only a hash; the secret ends in <code>{client.secretTail}</code>. Rotating it shows a new one once and stops the old one.
          </p>
          <RotateSecretForm clientId={client.clientId} />
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-1 text-lg font-semibold">Redirect URIs</h2>
        <p className="mb-4 text-sm text-slate-600">Choose among the redirect URIs of the software statement.</p>
        <RedirectUrisForm clientId={client.clientId} available={ssa.software_redirect_uris} current={client.redirectUris} />
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Software statement claims</h2>
        <pre className="mt-4 max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100" data-testid="ssa-claims">
          {JSON.stringify(ssa.raw, null, 2)}
        </pre>
      </Card>
      {report ? (
        <Card>
          <ValidationReportView report={report} caption="Validation report at registration" />
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Delete</h2>
        <DeleteClientForm clientId={client.clientId} clientName={client.softwareClientName} />
      </Card>
    </div>
  );
}

// The bank's decision on the client and its reason (DESIGN: bank admins review, approve, suspend and revoke).
function StatusPanel({ client }: { client: Client }) {
  const decided = client.statusChangedAt ? ` on ${DATE_FORMAT.format(client.statusChangedAt)} UTC` : '';
  // Onboard's own decisions (the trust re-check's suspensions) name no admin.
  const bySystem = client.statusChangedAt !== null && client.statusChangedBy === null;
  const reason = client.statusReason ? <p className="mt-1">{bySystem ? 'Why' : 'Reason given by the bank'}: {client.statusReason}</p> : null;
  const panels = {
    pending: { tone: 'warning', title: 'Awaiting review by the bank', text: 'The bank reviews this client before it can obtain tokens; until then the token endpoint answers invalid_client.' },
    rejected: { tone: 'error', title: `Rejected by the bank${decided}`, text: 'This client will not be activated. Register again once the reason is addressed.' },
    suspended: {
      tone: 'warning',
      title: bySystem ? `Suspended by the trust re-check${decided}` : `Suspended by the bank${decided}`,
      text: 'This client cannot obtain or use tokens until the bank reactivates it.',
    },
    revoked: { tone: 'error', title: `Revoked by the bank${decided}`, text: 'This client can never obtain tokens again.' },
    active: { tone: 'info', title: `Active since the bank's decision${decided}`, text: 'This client may obtain tokens.' },
  } as const;
  // An active client the bank never decided on needs no panel: the status row says it all.
  if (client.status === 'active' && !client.statusChangedAt) return null;
  const panel = panels[client.status];
  return (
    <div data-testid="client-status-panel" data-status={client.status}>
      <Notice tone={panel.tone} title={panel.title}>
        <p>{panel.text}</p>
        {reason}
      </Notice>
    </div>
  );
}
