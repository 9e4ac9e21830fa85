import { createHash } from 'node:crypto';
import { x509 } from './x509';

/** RFC 8705 `x5t#S256`: the base64url SHA-256 of the certificate's DER, for binding tokens to it. */
export function computeCertificateThumbprint(certificate: string | x509.X509Certificate): string {
  const parsed = typeof certificate === 'string' ? new x509.X509Certificate(certificate) : certificate;
  return createHash('sha256').update(Buffer.from(parsed.rawData)).digest('base64url');
}
