import type { CertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { certificateStatusVerdict } from '@/lib/certificate-status/certificate-status-verdict';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { findTrustedIssuer } from '@/lib/certificates/validate-transport-certificate';
import type { JwksFetcher } from '@/lib/keys/key-resolver';
import { describeRevokedKeyFinding, findRevokedKey, type PresentedKey, type RevokedKeyLists } from '@/lib/revoked-keys/check-revoked-keys';

/** A kept certificate's trust as the re-check found it (`ClientCertificate.trustStatus`). */
export type CertificateTrustStatus = 'good' | 'revoked' | 'unknown' | 'not_checkable' | 'untrusted' | 'expired';

/**
 * What the re-check found of one certificate: its status, and in words what a TPP and an admin are told (when and
 * by whom it was revoked; why its status is not known). `problems` says, for the bank's log alone, why no source
 * answered (what the directory's hosts resolve to, their timeouts).
 */
export type CertificateTrust = { status: CertificateTrustStatus; detail: string; problems: string[] };

/** Where the re-check learns what it checks: a trust domain's, as registration and the token endpoint read it. */
export type TrustSources = {
  /** The directory's revoked-key lists (the TPP JWKS guard and the revocation cache). */
  fetchRevokedKeys: JwksFetcher;
  /** The certificate's status from its authority (OCSP, then CRL, from the domain's PKI hosts), cached. */
  checkCertificateStatus: CertificateStatusChecker;
  /** The domain's CA bundle. */
  readCaCertificates: () => Promise<string[]>;
};

const DAY = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Re-checks a transport certificate kept with a client (OB-RULES *Trust over time*, re-checking), in the order a
 * token request would meet its refusals: expired; on the directory's revoked lists the client's software statement
 * names; no longer issued by a CA of the bank's bundle; revoked by its authority (OCSP, then CRL). `revoked` is the
 * one outcome that suspends a client; the others are shown and flagged, and the token endpoint refuses the
 * certificate itself while they last.
 */
export async function recheckCertificate(der: string, lists: RevokedKeyLists, sources: TrustSources, now: Date): Promise<CertificateTrust> {
  const read = readCertificate(der);
  const { notAfter } = read.certificate;
  if (notAfter.getTime() <= now.getTime()) return { status: 'expired', detail: `the transport certificate expired on ${DAY(notAfter)}`, problems: [] };
  const presented: PresentedKey[] = [{ kind: 'transport certificate', thumbprintS256: read.thumbprintS256 }];
  const finding = await findRevokedKey(sources.fetchRevokedKeys, lists, ...presented);
  const listed = describeRevokedKeyFinding(finding, presented);
  if (finding.kind === 'listed') return { status: 'revoked', detail: listed as string, problems: [] };
  if (finding.kind === 'unreadable') return { status: 'unknown', detail: listed as string, problems: [] };
  const issuer = await findTrustedIssuer(read, await sources.readCaCertificates());
  if (issuer === null) {
    return { status: 'untrusted', detail: 'the transport certificate is no longer issued by a certificate authority the bank trusts', problems: [] };
  }
  const status = await sources.checkCertificateStatus(read.certificate, issuer);
  const verdict = certificateStatusVerdict(status, 'transport certificate', false);
  if (status.status === 'revoked') return { status: 'revoked', detail: verdict as string, problems: [] };
  if (status.status === 'unknown') return { status: 'unknown', detail: verdict as string, problems: status.problems };
  if (status.status === 'not_checkable') {
    return { status: 'not_checkable', detail: 'the transport certificate names neither an OCSP responder nor a CRL, so its authority publishes no status for it', problems: [] };
  }
  const source = status.source === 'ocsp' ? 'its OCSP responder' : 'its CRL';
  return { status: 'good', detail: `the certificate authority vouches for the transport certificate, according to ${source}`, problems: [] };
}

/** The statuses under which the token endpoint would still accept a certificate (unknown: as the policy says then). */
const USABLE: ReadonlySet<string | null> = new Set<CertificateTrustStatus | null>(['good', 'not_checkable', 'unknown', null]);

/**
 * The revocation that leaves a client with no certificate to authenticate with, or null: when none of its kept
 * certificates is usable and one of them was revoked, the newest revoked one (`found` oldest first). A client
 * whose certificates merely expired is not suspended: it is refused at the token endpoint, and flagged beforehand.
 */
export function withoutUsableCertificate<T extends { status: string | null }>(found: readonly T[]): T | null {
  if (found.some((trust) => USABLE.has(trust.status))) return null;
  return found.findLast((trust) => trust.status === 'revoked') ?? null;
}
