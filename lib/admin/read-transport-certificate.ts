import 'server-only';
import { formatDistinguishedName } from '@/lib/certificates/format-distinguished-name';
import { x509 } from '@/lib/certificates/x509';
import type { JwksFetcher } from '@/lib/keys/key-resolver';

/** What a reviewer sees of a software's transport certificate. */
export type TransportCertificateDetails = { subject: string; issuer: string; serialNumber: string; notBefore: Date; notAfter: Date };

/**
 * The software's transport certificate as published in its JWKS (`x5c[0]` of the `use: tls` key, OB-RULES
 * transport certificate *policy*), for review. The certificate itself is not stored with the client, so
 * it is fetched (through the guarded JWKS fetcher); null when it cannot be fetched or read.
 */
export async function readTransportCertificate(softwareJwksUri: string, fetchJwks: JwksFetcher): Promise<TransportCertificateDetails | null> {
  try {
    const { keys } = await fetchJwks(softwareJwksUri);
    const der = keys.find((key) => key.use === 'tls' && Array.isArray(key.x5c) && key.x5c.length > 0)?.x5c?.[0];
    if (!der) return null;
    const certificate = new x509.X509Certificate(Buffer.from(der, 'base64'));
    return {
      subject: formatDistinguishedName(certificate.subjectName),
      issuer: formatDistinguishedName(certificate.issuerName),
      serialNumber: certificate.serialNumber,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    };
  } catch {
    return null;
  }
}
