import { withoutUsableCertificate } from './recheck-certificate';

/** Within this many days of its certificates' end a client is flagged to its TPP and to admins (OB-RULES *Trust over time*, expiry). */
export const EXPIRY_NOTICE_DAYS = 30;
/** Within this many days the flag is urgent. */
export const EXPIRY_URGENT_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a client's kept certificates need from its TPP, if anything: a flag with its words. */
export type CertificateAttention = { level: 'revoked' | 'expired' | 'urgent' | 'soon'; text: string };

/** What a list of clients knows of a kept certificate. */
export type KeptCertificateState = { notAfter: Date; trustStatus: string | null };

/**
 * The flag a client's certificates earn (null: none): `revoked` when a revocation left it no certificate to
 * authenticate with; `expired` when every one has expired; `urgent` (7 days) or `soon` (30 days) when the
 * longest-lived of those not revoked ends within that many days. A client that rotated to a longer-lived certificate is not
 * flagged for the one it left. A client with no kept certificate is never flagged.
 */
export function certificateAttention(certificates: readonly KeptCertificateState[], now: Date): CertificateAttention | null {
  if (certificates.length === 0) return null;
  const revoked = withoutUsableCertificate(certificates.map((certificate) => ({ status: certificate.trustStatus })));
  if (revoked !== null) return { level: 'revoked', text: 'transport certificate revoked' };
  // A revoked or no longer trusted certificate authenticates nothing, however long it would have lived.
  const live = certificates.filter((certificate) => certificate.trustStatus !== 'revoked' && certificate.trustStatus !== 'untrusted');
  if (live.length === 0) return null;
  const lastEnd = Math.max(...live.map((certificate) => certificate.notAfter.getTime()));
  if (lastEnd <= now.getTime()) return { level: 'expired', text: 'transport certificate expired' };
  const days = Math.ceil((lastEnd - now.getTime()) / DAY_MS);
  if (days > EXPIRY_NOTICE_DAYS) return null;
  const when = days === 1 ? 'within a day' : `in ${days} days`;
  return { level: days <= EXPIRY_URGENT_DAYS ? 'urgent' : 'soon', text: `transport certificate expires ${when}` };
}

/** The moment after which a certificate ending is flagged: `certificates.every.notAfter ≤` it, for database filters. */
export function expiryNoticeHorizon(now: Date): Date {
  return new Date(now.getTime() + EXPIRY_NOTICE_DAYS * DAY_MS);
}
