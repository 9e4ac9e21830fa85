import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';

import type { CertifiedKey } from '../state/directory-state';
import { CERTIFICATE_SIGNING_ALGORITHM } from './certificate-signing-algorithm';
import type { IssuingAuthority } from './load-issuing-authority';
import { x509 } from './x509';

/** What a certificate is for; decides its key usages, as on OB Directory certificates. */
export type CertificatePurpose = 'signing' | 'transport';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a certificate is valid unless asked otherwise. */
export const DEFAULT_VALIDITY_DAYS = 365;
const BACKDATE_MS = 5 * 60 * 1000;

/**
 * Generates an RSA 2048 key (for PS256) and has the sandbox issuing CA certify it for `validForDays` (one year by
 * default). The certificate names the CA's OCSP responder (AIA) and CRL (CDP), as OB Directory certificates do, and
 * carries `extraExtensions` besides (an OBWAC's qcStatements).
 */
export async function issueCertifiedKey(
  authority: IssuingAuthority,
  subject: string,
  purpose: CertificatePurpose,
  now = new Date(),
  validForDays = DEFAULT_VALIDITY_DAYS,
  extraExtensions: x509.Extension[] = [],
): Promise<CertifiedKey> {
  const keys = await generateKeyPair('PS256', { modulusLength: 2048, extractable: true });
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    purpose === 'signing'
      ? new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)
      : new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(authority.issuing.publicKey),
  ];
  if (authority.statusUrls !== null) {
    extensions.push(
      new x509.AuthorityInfoAccessExtension({ ocsp: [authority.statusUrls.ocsp], caIssuers: [authority.statusUrls.caIssuers] }),
      new x509.CRLDistributionPointsExtension([authority.statusUrls.crl]),
    );
  }
  if (purpose === 'transport') {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
  }
  extensions.push(...extraExtensions);
  const certificate = await x509.X509CertificateGenerator.create({
    subject,
    issuer: authority.issuing.subject,
    publicKey: keys.publicKey,
    signingKey: authority.issuingKey,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + validForDays * DAY_MS),
    signingAlgorithm: CERTIFICATE_SIGNING_ALGORITHM,
    extensions,
  });
  return {
    kid: await calculateJwkThumbprint(await exportJWK(keys.publicKey)),
    privateKeyPem: await exportPKCS8(keys.privateKey),
    certificatePem: certificate.toString('pem'),
    createdAt: now.toISOString(),
  };
}
