/**
 * Subject of a software's signing and transport certificates, as on legacy OB certificates:
 * `CN=<software_id>, OU=<org_id>, O=OpenBanking, C=GB` (RFC 4514; the DER order is C, O, OU, CN).
 */
export function softwareCertificateSubject(orgId: string, softwareId: string): string {
  return `C=GB, O=OpenBanking, OU=${orgId}, CN=${softwareId}`;
}
