import type { TransportCertificateInfo } from '@/lib/certificates/validate-transport-certificate';
import type { Prisma } from '@/lib/db';

/** The `ClientCertificate` columns that keep a verified transport certificate with its client, not yet re-checked. */
export function toClientCertificate(certificate: TransportCertificateInfo): Omit<Prisma.ClientCertificateCreateManyInput, 'clientId'> {
  const { der, thumbprintS256, subjectDn, issuerDn, serialNumber, notBefore, notAfter } = certificate;
  return { certificate: der, thumbprintS256, subjectDn, issuerDn, serialNumber, notBefore, notAfter };
}
