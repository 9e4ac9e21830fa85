import type { TransportCertificateInfo } from '@/lib/certificates/validate-transport-certificate';
import type { Prisma } from '@/lib/db';

/** The `ClientCertificate` row that keeps a verified transport certificate with its client, not yet re-checked. */
export function toClientCertificate(clientId: string, certificate: TransportCertificateInfo): Prisma.ClientCertificateCreateManyInput {
  const { der, thumbprintS256, subjectDn, issuerDn, serialNumber, notBefore, notAfter } = certificate;
  return { clientId, certificate: der, thumbprintS256, subjectDn, issuerDn, serialNumber, notBefore, notAfter };
}
