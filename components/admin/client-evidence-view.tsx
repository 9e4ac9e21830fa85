import Link from 'next/link';
import type { ReactNode } from 'react';
import { ValidationReportView } from '@/components/registration/validation-report-view';
import { Card } from '@/components/ui/card';
import type { ClientEvidence } from '@/lib/admin/get-client-evidence';
import { ClientStatusBadge } from './client-status-badge';
import { KeptCertificatesView } from '@/components/certificates/kept-certificates-view';
import { formatDateTime } from './format-date-time';

/** Everything a reviewer weighs about a client: organisation, software, SSA, scopes, redirect URIs, certificate, report, other clients. */
export function ClientEvidenceView({ evidence }: { evidence: ClientEvidence }) {
  const { client, ssa } = evidence;
  const iat = typeof evidence.ssaClaims.iat === 'number' ? new Date(evidence.ssaClaims.iat * 1000) : null;
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Organisation and software</h2>
        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid="evidence-summary">
          <Fact label="Organisation">
            {client.organisation.name} <code className="text-xs text-slate-600">{client.organisation.directoryOrgId}</code>
            {ssa && ssa.org_status !== 'Active' ? <span className="ml-2 text-red-700">directory status {ssa.org_status}</span> : null}
          </Fact>
          <Fact label="Software">
            {client.softwareClientName} <code className="text-xs text-slate-600">{client.softwareId}</code>
          </Fact>
          <Fact label="Environment">{client.environment}</Fact>
          <Fact label="Registered">
            {client.creationMethod === 'DCR' ? 'over the API (DCR)' : 'in the portal (MCR)'} on {formatDateTime(client.createdAt)}
          </Fact>
          <Fact label="Status">
            <ClientStatusBadge status={client.status} isDeleted={client.deletedAt !== null} />
          </Fact>
          <Fact label="Token endpoint auth">
            <code>{client.tokenEndpointAuthMethod}</code>
            {client.tlsClientAuthSubjectDn ? <code className="ml-2 break-all text-xs text-slate-600">{client.tlsClientAuthSubjectDn}</code> : null}
          </Fact>
          <Fact label="SSA issued">{iat ? `${formatDateTime(iat)} by ${String(evidence.ssaClaims.iss ?? 'unknown issuer')}` : 'unknown'}</Fact>
        </dl>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Roles and scopes</h2>
          <p className="mt-1 text-sm text-slate-600">
            Roles in the SSA: {ssa?.software_roles.join(', ') || 'none'}; they allow <code>{evidence.allowedScopes.join(' ')}</code>.
          </p>
          <ul className="mt-3 space-y-1 text-sm" data-testid="evidence-scopes">
            {evidence.scopes.map(({ scope, isAllowed }) => (
              <li key={scope}>
                <Mark isGood={isAllowed} good="allowed by the roles" bad="not allowed by the roles" /> <code>{scope}</code>
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">Redirect URIs</h2>
          <ul className="mt-3 space-y-1 text-sm" data-testid="evidence-redirect-uris">
            {evidence.redirectUris.map(({ uri, isInSsa }) => (
              <li key={uri} className="break-all">
                <Mark isGood={isInSsa} good="in the SSA" bad="not in the SSA" /> <code>{uri}</code>
              </li>
            ))}
          </ul>
          {evidence.ssaRedirectUris.some(({ isRegistered }) => !isRegistered) ? (
            <p className="mt-3 text-sm text-slate-600">
              Also in the SSA, not chosen:{' '}
              {evidence.ssaRedirectUris
                .filter(({ isRegistered }) => !isRegistered)
                .map(({ uri }) => uri)
                .join(', ')}
            </p>
          ) : null}
        </Card>
      </div>

      <Card>
        <h2 className="text-lg font-semibold">Kept transport certificates</h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">
          The certificates this client registered, re-checked on a schedule: the directory&apos;s revoked lists, the bank&apos;s CA bundle, and OCSP (else the CRL).
        </p>
        <KeptCertificatesView certificates={client.certificates} now={new Date()} caption={`Kept transport certificates of ${client.softwareClientName}`} />
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Transport certificate the software JWKS publishes now</h2>
        {evidence.certificate ? (
          <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid="evidence-certificate">
            <Fact label="Subject">
              <code className="break-all">{evidence.certificate.subject}</code>
            </Fact>
            <Fact label="Issuer">
              <code className="break-all">{evidence.certificate.issuer}</code>
            </Fact>
            <Fact label="Serial number">
              <code className="break-all">{evidence.certificate.serialNumber}</code>
            </Fact>
            <Fact label="Valid">
              {formatDateTime(evidence.certificate.notBefore)} to {formatDateTime(evidence.certificate.notAfter)}
              {evidence.certificate.notAfter.getTime() < Date.now() ? <span className="ml-2 font-medium text-red-700">expired</span> : null}
            </Fact>
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-600" data-testid="evidence-certificate">
            Unavailable: the software JWKS has no <code>use: tls</code> key with a certificate, or could not be fetched.
            {client.creationMethod === 'DCR' ? ' The report below shows the checks made on the certificate presented at registration.' : null}
          </p>
        )}
      </Card>

      {evidence.report ? (
        <Card>
          <ValidationReportView report={evidence.report} caption="Validation report at registration" />
        </Card>
      ) : null}

      <Card>
        <h2 className="text-lg font-semibold">Other clients of this software</h2>
        {evidence.otherClients.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">None: this is the software&apos;s only client.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="evidence-other-clients">
            {evidence.otherClients.map((other) => (
              <li key={other.clientId} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <Link href={`/admin/clients/${other.clientId}`} className="font-mono text-xs text-brand-700 underline">
                  {other.clientId}
                </Link>
                <ClientStatusBadge status={other.status} isDeleted={other.deletedAt !== null} />
                <span>
                  {other.organisation.name} <code className="text-xs text-slate-500">{other.organisation.directoryOrgId}</code>
                </span>
                <span className="text-slate-600">
                  {other.environment} · {other.creationMethod} · {formatDateTime(other.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Software statement claims</h2>
        <pre className="mt-4 max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100" data-testid="evidence-ssa-claims">
          {JSON.stringify(evidence.ssaClaims, null, 2)}
        </pre>
      </Card>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Mark({ isGood, good, bad }: { isGood: boolean; good: string; bad: string }) {
  return (
    <span className={isGood ? 'text-emerald-700' : 'font-medium text-red-700'}>
      <span aria-hidden>{isGood ? '✓' : '✕'}</span>
      <span className="sr-only">{isGood ? good : bad}:</span>
      {isGood ? null : <span className="ml-1">{bad}</span>}
    </span>
  );
}
