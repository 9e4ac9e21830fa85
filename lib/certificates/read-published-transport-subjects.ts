import type { JWK } from 'jose';

import type { DistinguishedName } from './parse-distinguished-name';
import { readCertificate, type ReadCertificate } from './read-certificate';

/**
 * The transport certificates a software JWKS publishes: `x5c[0]` of each `use: tls` key (RFC 7517 §4.7: base64
 * DER). A certificate that cannot be read is left out.
 */
export function readPublishedTransportCertificates(jwks: { keys: JWK[] }): ReadCertificate[] {
  return jwks.keys.flatMap((key) => {
    const [first] = key.use === 'tls' && Array.isArray(key.x5c) ? key.x5c : [];
    if (typeof first !== 'string') return [];
    try {
      return [readCertificate(first)];
    } catch {
      return [];
    }
  });
}

/** The subjects of the transport certificates a software JWKS publishes (`readPublishedTransportCertificates`). */
export function readPublishedTransportSubjects(jwks: { keys: JWK[] }): DistinguishedName[] {
  return readPublishedTransportCertificates(jwks).map((read) => read.subject);
}
