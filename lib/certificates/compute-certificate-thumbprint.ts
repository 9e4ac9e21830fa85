import { readCertificate } from './read-certificate';

/** RFC 8705 `x5t#S256` of a PEM certificate: the base64url SHA-256 of its DER (throws if it is not one certificate). */
export function computeCertificateThumbprint(pem: string): string {
  return readCertificate(pem).thumbprintS256;
}
