import { createHash } from 'node:crypto';

import type { x509 } from '@/lib/certificates/x509';

// The chain check hands out the same issuer objects for every request (lib/certificates/validate-transport-certificate.ts),
// so each issuer's key is hashed once, not on every token request.
const keys = new WeakMap<x509.X509Certificate, string>();

/** A cache key naming one issuer certificate: the base64url SHA-256 of its DER. */
export function issuerKey(issuer: x509.X509Certificate): string {
  let key = keys.get(issuer);
  if (key === undefined) {
    key = createHash('sha256').update(Buffer.from(issuer.rawData)).digest('base64url');
    keys.set(issuer, key);
  }
  return key;
}
