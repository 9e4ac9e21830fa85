import { distinguishedNamesEqual } from '@/lib/certificates/distinguished-names-equal';
import { readX509Name } from '@/lib/certificates/read-x509-name';
import { x509 } from '@/lib/certificates/x509';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { GuardedRequest } from '@/lib/keys/guarded-request';

import { STATUS_CLOCK_TOLERANCE_MS, type SourceAnswer } from './certificate-status';
import { describeCrlReason } from './describe-crl-reason';
import { issuerKey } from './issuer-key';

/** Answers a certificate's status from the CRL at `url`, which `issuer` must have signed. */
export type CrlSource = (url: string, certificate: x509.X509Certificate, issuer: x509.X509Certificate, now: Date) => Promise<SourceAnswer>;

// CRL extensions this reader understands (RFC 5280 §5.2): the authority key identifier and the CRL number. A CRL
// with any other critical extension (an issuing distribution point, a delta CRL indicator) must not be used.
const UNDERSTOOD_EXTENSIONS = new Set(['2.5.29.35', '2.5.29.20']);
const MAX_CACHED_CRLS = 100;

type VerifiedCrl = { crl: x509.X509Crl; cachedUntil: number };

/**
 * Creates the CRL half of the status check (RFC 5280 §6.3): a CRL fetched through `request` (the PKI guard), used
 * only if `issuer` signed it, names `issuer` as its issuer, has no critical extension it does not understand, and is
 * current. A verified CRL is kept until its `nextUpdate`, and never longer than `maxAgeMs`; concurrent requests for
 * one CRL share a fetch. Anything else is `unavailable` with the reason, never an exception.
 */
export function createCrlSource(request: GuardedRequest, maxAgeMs: number): CrlSource {
  const cache = new Map<string, VerifiedCrl>();
  const pending = new Map<string, Promise<VerifiedCrl | string>>();

  const load = async (key: string, url: string, issuer: x509.X509Certificate, now: Date): Promise<VerifiedCrl | string> => {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      ({ bytes } = await request(url, { headers: { accept: 'application/pkix-crl' } }));
    } catch (error) {
      if (error instanceof JwksFetchError) return error.message;
      throw error;
    }
    let crl: x509.X509Crl;
    try {
      crl = new x509.X509Crl(bytes);
    } catch {
      return 'the CRL is not a readable X.509 CRL';
    }
    if (!distinguishedNamesEqual(readX509Name(crl.issuerName), readX509Name(issuer.subjectName))) return "the CRL is not issued by the certificate's authority";
    let isSigned: boolean;
    try {
      isSigned = await crl.verify({ publicKey: issuer });
    } catch {
      isSigned = false;
    }
    if (!isSigned) return "the CRL is not signed by the certificate's authority";
    if (crl.extensions.some((extension) => extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.type))) return 'the CRL carries a critical extension this check does not process';
    if (crl.thisUpdate.getTime() > now.getTime() + STATUS_CLOCK_TOLERANCE_MS) return 'the CRL is dated in the future ("thisUpdate")';
    const nextUpdate = crl.nextUpdate?.getTime() ?? Number.POSITIVE_INFINITY;
    if (nextUpdate < now.getTime() - STATUS_CLOCK_TOLERANCE_MS) return 'the CRL is stale ("nextUpdate" has passed)';
    const verified = { crl, cachedUntil: Math.min(nextUpdate, now.getTime() + maxAgeMs) };
    if (maxAgeMs > 0) {
      cache.delete(key);
      if (cache.size >= MAX_CACHED_CRLS) cache.delete(cache.keys().next().value as string);
      cache.set(key, verified);
    }
    return verified;
  };

  return async (url, certificate, issuer, now) => {
    // Keyed by the issuer too: one URL answers for one authority, and the signature was checked against that one.
    const key = `${url}\n${issuerKey(issuer)}`;
    let verified: VerifiedCrl | string | undefined = cache.get(key);
    if (verified === undefined || verified.cachedUntil <= now.getTime()) {
      let inFlight = pending.get(key);
      if (!inFlight) {
        inFlight = load(key, url, issuer, now).finally(() => pending.delete(key));
        pending.set(key, inFlight);
      }
      verified = await inFlight;
    }
    if (typeof verified === 'string') return { status: 'unavailable', problem: verified };
    const nextUpdate = verified.crl.nextUpdate ?? null;
    const entry = verified.crl.findRevoked(certificate);
    if (entry === null) return { status: 'good', nextUpdate };
    return { status: 'revoked', revokedAt: entry.revocationDate, reason: describeCrlReason(entry.reason), nextUpdate };
  };
}
