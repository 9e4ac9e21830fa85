import { createHash } from 'node:crypto';

import { createLruCache } from '../cache/create-lru-cache';
import { isSingleDerValue } from './is-single-der-value';
import type { DistinguishedName } from './parse-distinguished-name';
import { readX509Name } from './read-x509-name';
import { x509 } from './x509';

/** A certificate read once: the parsed object, its names, and its RFC 8705 thumbprint. Shared: never mutate. */
export type ReadCertificate = {
  certificate: x509.X509Certificate;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** RFC 8705 `x5t#S256`: the base64url SHA-256 of the DER. */
  thumbprintS256: string;
};

// A TPP presents the same transport certificate on every call, and ASN.1 parsing it costs a large share of a
// token request: the last 1,000 certificates parsed are kept.
const cache = createLruCache<ReadCertificate>(1_000);

/** Parses exactly one certificate (PEM, or base64/hex DER as @peculiar/x509 reads them); throws if it cannot. Memoised by its text. */
export function readCertificate(text: string): ReadCertificate {
  const cached = cache.get(text);
  if (cached) return cached;
  const certificate = new x509.X509Certificate(text);
  // x509 ignores bytes after the certificate but keeps them in rawData (and the thumbprint): not one certificate.
  if (!isSingleDerValue(new Uint8Array(certificate.rawData))) throw new Error('the text holds bytes after the certificate');
  // x509 decodes extensions on first use, and a corrupt one (found by the property tests: a bit-flipped
  // extendedKeyUsage) then throws wherever that is, as a fault. Decoding them here makes it a parse failure.
  void certificate.extensions;
  const read: ReadCertificate = Object.freeze({
    certificate,
    subject: freezeName(readX509Name(certificate.subjectName)),
    issuer: freezeName(readX509Name(certificate.issuerName)),
    thumbprintS256: createHash('sha256').update(Buffer.from(certificate.rawData)).digest('base64url'),
  });
  cache.set(text, read);
  return read;
}

function freezeName(name: DistinguishedName): DistinguishedName {
  for (const rdn of name) {
    rdn.forEach((attribute) => Object.freeze(attribute));
    Object.freeze(rdn);
  }
  return Object.freeze(name) as DistinguishedName;
}
