import { createHash } from 'node:crypto';
import { x509 } from './x509';

/** RFC 8705 `x5t#S256`: the base64url SHA-256 of the certificate's DER, for binding tokens to it. */
export function computeCertificateThumbprint(pem: string): string {
  const certificate = new x509.X509Certificate(pem);
  return createHash('sha256').update(Buffer.from(certificate.rawData)).digest('base64url');
}
