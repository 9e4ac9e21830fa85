import type { JWK } from 'jose';

import type { DistinguishedName } from './parse-distinguished-name';
import { readCertificate } from './read-certificate';

/**
 * The subjects of the transport certificates a software JWKS publishes: `x5c[0]` of each `use: tls` key (RFC 7517
 * §4.7: base64 DER). A certificate that cannot be read names no subject.
 */
export function readPublishedTransportSubjects(jwks: { keys: JWK[] }): DistinguishedName[] {
  return jwks.keys.flatMap((key) => {
    const [first] = key.use === 'tls' && Array.isArray(key.x5c) ? key.x5c : [];
    if (typeof first !== 'string') return [];
    try {
      return [readCertificate(first).subject];
    } catch {
      return [];
    }
  });
}
