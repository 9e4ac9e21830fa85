import { certificateAttention, type KeptCertificateState } from '@/lib/trust-recheck/certificate-attention';

const STYLES = {
  revoked: 'bg-red-100 text-red-800',
  expired: 'bg-red-100 text-red-800',
  urgent: 'bg-orange-100 text-orange-900',
  soon: 'bg-amber-100 text-amber-900',
} as const;

/** A client's certificate flag (expiring within 30 days, 7 urgent; expired; revoked), or nothing; the text carries the meaning. */
export function CertificateAttentionBadge({ certificates, now }: { certificates: readonly KeptCertificateState[]; now: Date }) {
  const attention = certificateAttention(certificates, now);
  if (attention === null) return null;
  return (
    <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[attention.level]}`} data-testid="certificate-attention" data-level={attention.level}>
      {attention.text}
    </span>
  );
}
