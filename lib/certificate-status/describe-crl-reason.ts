import { x509 } from '@/lib/certificates/x509';

/** The RFC 5280 §5.3.1 name of a CRL reason code (as OCSP and CRLs carry it), or null when there is none or it is not one. */
export function describeCrlReason(code: number | null | undefined): string | null {
  return code === null || code === undefined ? null : (x509.X509CrlReason[code] ?? null);
}
