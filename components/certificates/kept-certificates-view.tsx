import { CertificateAttentionBadge } from '@/components/certificates/certificate-attention-badge';
import { formatDateTime } from '@/components/admin/format-date-time';
import type { KeptCertificateView } from '@/lib/clients/kept-certificate-select';
import type { Psd2Reading } from '@/lib/certificates/read-psd2-attributes';

const STATUS_LABELS: Record<string, string> = {
  good: 'good',
  revoked: 'revoked',
  unknown: 'status unknown',
  not_checkable: 'no status published',
  untrusted: 'issuer no longer trusted',
  expired: 'expired',
};

const STATUS_STYLES: Record<string, string> = {
  good: 'bg-emerald-100 text-emerald-800',
  revoked: 'bg-red-100 text-red-800',
  expired: 'bg-red-100 text-red-800',
  untrusted: 'bg-red-100 text-red-800',
  unknown: 'bg-amber-100 text-amber-900',
  not_checkable: 'bg-slate-200 text-slate-800',
};

type KeptCertificatesViewProps = {
  certificates: readonly KeptCertificateView[];
  now: Date;
  /** Names the table for screen readers. */
  caption: string;
};

/**
 * A client's kept transport certificates, newest first, each with its validity, its flag (ending within 30 days,
 * 7 urgent) and what the last trust re-check found (OB-RULES *Trust over time*): for the TPP's application page and
 * the admin console alike.
 */
export function KeptCertificatesView({ certificates, now, caption }: KeptCertificatesViewProps) {
  if (certificates.length === 0) {
    return <p className="text-sm text-slate-600">No transport certificate is kept with this client: it was registered before Onboard kept them, so it is checked only when it presents one.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="kept-certificates">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Certificate</th>
            <th scope="col" className="py-2 pr-4 font-medium">Valid</th>
            <th scope="col" className="py-2 font-medium">Trust</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {[...certificates].reverse().map((certificate) => (
            <tr key={certificate.thumbprintS256} data-trust-status={certificate.trustStatus ?? 'unchecked'}>
              <td className="py-3 pr-4 align-top">
                <span className="block break-all font-mono text-xs">{certificate.subjectDn}</span>
                <span className="block text-xs text-slate-500">
                  serial <span className="font-mono">{certificate.serialNumber}</span>, issued by <span className="font-mono">{certificate.issuerDn}</span>
                </span>
                <Psd2Evidence reading={certificate.psd2} />
              </td>
              <td className="whitespace-nowrap py-3 pr-4 align-top">
                {formatDateTime(certificate.notBefore)} to {formatDateTime(certificate.notAfter)}
                <span className="block">
                  <CertificateAttentionBadge certificates={[certificate]} now={now} />
                </span>
              </td>
              <td className="py-3 align-top">
                {certificate.trustStatus === null ? (
                  <span className="text-slate-600">checked at registration on {formatDateTime(certificate.createdAt)}; not re-checked yet</span>
                ) : (
                  <>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[certificate.trustStatus] ?? ''}`}>
                      {STATUS_LABELS[certificate.trustStatus] ?? certificate.trustStatus}
                    </span>
                    <span className="mt-1 block" data-testid="trust-detail">
                      {certificate.trustDetail}
                    </span>
                    {certificate.trustCheckedAt ? <span className="block text-xs text-slate-500">last checked {formatDateTime(certificate.trustCheckedAt)}</span> : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The eIDAS/OBWAC evidence of a certificate (ETSI TS 119 495): its PSD2 roles, NCA and organisation identifier.
function Psd2Evidence({ reading }: { reading: Psd2Reading }) {
  if (reading.kind === 'none') return null;
  if (reading.kind === 'unreadable') {
    return (
      <span className="mt-1 block text-xs text-red-700" data-testid="psd2-evidence">
        PSD2 statement unreadable: {reading.problem}
      </span>
    );
  }
  const { roles, ncaName, ncaId, organizationIdentifier } = reading.attributes;
  return (
    <span className="mt-1 block text-xs text-slate-700" data-testid="psd2-evidence">
      PSD2 roles {roles.map((role) => (role.obRole ? `${role.name} (${role.obRole})` : `${role.name} (${role.oid}, not a PSD2 role)`)).join(', ')}; NCA {ncaName} ({ncaId})
      {organizationIdentifier ? (
        <>
          ; organisation identifier <span className="font-mono">{organizationIdentifier.value}</span>
        </>
      ) : null}
    </span>
  );
}
