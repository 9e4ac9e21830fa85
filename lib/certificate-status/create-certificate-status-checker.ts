import { x509 } from '@/lib/certificates/x509';
import { createGuardedRequest } from '@/lib/keys/guarded-request';
import type { AddressCheckedFetch } from '@/lib/keys/create-address-checked-fetch';

import {
  DEFAULT_CRL_MAX_BYTES,
  DEFAULT_OCSP_MAX_BYTES,
  DEFAULT_STATUS_TIMEOUT_MS,
  type CertificateStatus,
} from './certificate-status';
import { createCrlSource } from './create-crl-source';
import { issuerKey } from './issuer-key';
import { queryOcsp } from './query-ocsp';

/** The status of `certificate`, whose issuer (verified by the chain check) is `issuer`. */
export type CertificateStatusChecker = (certificate: x509.X509Certificate, issuer: x509.X509Certificate) => Promise<CertificateStatus>;

/** Options of `createCertificateStatusChecker`; `now` and the transport are injectable for tests. */
export type CertificateStatusCheckerOptions = {
  /** `DIRECTORY_PKI_HOSTS`: the only hosts an OCSP responder or CRL may be fetched from. */
  allowedHosts: string[];
  /** `CERTIFICATE_STATUS_MAX_AGE_SECONDS`, in ms: the longest an answer is trusted, whatever its `nextUpdate`. */
  maxAgeMs: number;
  timeoutMs?: number;
  now?: () => Date;
  fetch?: AddressCheckedFetch;
};

// While no source answers, asking again on every request would hold each one for the timeout: an unknown status
// is kept this long (never longer than the maximum age), then asked again.
const UNKNOWN_RETRY_MS = 10_000;
const MAX_CACHED_STATUSES = 10_000;

type CachedStatus = { status: CertificateStatus; cachedUntil: number };

/**
 * Creates the revocation-status check of a certificate (OB-RULES *Trust over time*, revoked certificates): its OCSP
 * responders (Authority Information Access) first, then its CRL distribution points, each only from `allowedHosts`
 * through the guarded request (no redirects, public addresses, timeout, size cap), and each answer verified against
 * the certificate's issuer. The first `good` or `revoked` wins; when every named source fails the status is
 * `unknown`, with each source's problem. An answer is cached by issuer and serial until its `nextUpdate`, bounded by
 * `maxAgeMs`; concurrent checks of one certificate share the work. What to do with `unknown` is the caller's policy.
 */
export function createCertificateStatusChecker(options: CertificateStatusCheckerOptions): CertificateStatusChecker {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
  const base = { allowedHosts: options.allowedHosts, timeoutMs, allowsPlainHttp: true, fetch: options.fetch };
  const ocspRequest = createGuardedRequest({ ...base, label: 'OCSP', maxBytes: DEFAULT_OCSP_MAX_BYTES });
  const readCrl = createCrlSource(createGuardedRequest({ ...base, label: 'CRL', maxBytes: DEFAULT_CRL_MAX_BYTES }), options.maxAgeMs);
  const now = options.now ?? (() => new Date());
  const cache = new Map<string, CachedStatus>();
  const pending = new Map<string, Promise<CertificateStatus>>();

  // OCSP responders first, then CRL distribution points, each in the certificate's order; the first verified answer wins.
  const ask = async (certificate: x509.X509Certificate, issuer: x509.X509Certificate, checkedAt: Date): Promise<{ status: CertificateStatus; freshUntil: number }> => {
    const { ocsp, crl } = statusSources(certificate);
    const sources = [...ocsp.map((url) => ['ocsp', url] as const), ...crl.map((url) => ['crl', url] as const)];
    if (sources.length === 0) return { status: { status: 'not_checkable', checkedAt }, freshUntil: Number.POSITIVE_INFINITY };
    const problems: string[] = [];
    for (const [source, url] of sources) {
      const answer = source === 'ocsp' ? await queryOcsp(ocspRequest, url, certificate, issuer, checkedAt) : await readCrl(url, certificate, issuer, checkedAt);
      if (answer.status === 'unavailable') {
        problems.push(`${source === 'ocsp' ? 'OCSP' : 'CRL'} ${url}: ${answer.problem}`);
        continue;
      }
      const freshUntil = answer.nextUpdate?.getTime() ?? Number.POSITIVE_INFINITY;
      return answer.status === 'good'
        ? { status: { status: 'good', source, checkedAt, nextUpdate: answer.nextUpdate }, freshUntil }
        : { status: { status: 'revoked', source, checkedAt, revokedAt: answer.revokedAt, reason: answer.reason }, freshUntil };
    }
    return { status: { status: 'unknown', checkedAt, problems }, freshUntil: checkedAt.getTime() + UNKNOWN_RETRY_MS };
  };

  const check = async (key: string, certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<CertificateStatus> => {
    const checkedAt = now();
    const { status, freshUntil } = await ask(certificate, issuer, checkedAt);
    const cachedUntil = Math.min(freshUntil, checkedAt.getTime() + options.maxAgeMs);
    if (cachedUntil > checkedAt.getTime()) {
      cache.delete(key);
      if (cache.size >= MAX_CACHED_STATUSES) cache.delete(cache.keys().next().value as string);
      cache.set(key, { status, cachedUntil });
    }
    return status;
  };

  return async (certificate, issuer) => {
    const key = `${issuerKey(issuer)}\n${certificate.serialNumber}`;
    const cached = cache.get(key);
    if (cached && now().getTime() < cached.cachedUntil) return cached.status;
    let inFlight = pending.get(key);
    if (!inFlight) {
      inFlight = check(key, certificate, issuer).finally(() => pending.delete(key));
      pending.set(key, inFlight);
    }
    return inFlight;
  };
}

// The http(s) URLs of the certificate's OCSP responders and CRL distribution points, in the certificate's order.
function statusSources(certificate: x509.X509Certificate): { ocsp: string[]; crl: string[] } {
  const access = certificate.getExtension(x509.AuthorityInfoAccessExtension);
  const ocsp = (access?.ocsp ?? []).filter((name) => name.type === 'url').map((name) => name.value);
  const points = certificate.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints ?? [];
  const crl = points.flatMap((point) =>
    (point.distributionPoint?.fullName ?? []).flatMap((name) => (name.uniformResourceIdentifier === undefined ? [] : [name.uniformResourceIdentifier])),
  );
  // An ldap: or file: source stays in: the guard refuses it, so it counts as a source that did not answer.
  return { ocsp, crl };
}
