import { exportPKCS8, generateKeyPair } from 'jose';

import type { StoredCertificateAuthority } from '../state/directory-state';
import { CA_KEY_JOSE_ALG, CERTIFICATE_SIGNING_ALGORITHM } from './certificate-signing-algorithm';
import { x509 } from './x509';

/** Subject of the sandbox root CA (DER order C, O, CN, as OB's CAs). */
export const ROOT_CA_SUBJECT = 'C=GB, O=OpenBanking, CN=OpenBanking Sandbox Root CA';
/** Subject of the sandbox issuing CA, which issues every TPP certificate. */
export const ISSUING_CA_SUBJECT = 'C=GB, O=OpenBanking, CN=OpenBanking Sandbox Issuing CA';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
// Backdated so that a machine whose clock runs slightly behind still accepts a fresh certificate.
const BACKDATE_MS = 5 * 60 * 1000;

/** Generates the sandbox root and issuing CAs (RSA 2048). */
export async function createCertificateAuthority(now = new Date()): Promise<StoredCertificateAuthority> {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const rootKeys = await generateKeyPair(CA_KEY_JOSE_ALG, { modulusLength: 2048, extractable: true });
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: ROOT_CA_SUBJECT,
    keys: rootKeys,
    notBefore,
    notAfter: new Date(now.getTime() + 20 * YEAR_MS),
    signingAlgorithm: CERTIFICATE_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const issuingKeys = await generateKeyPair(CA_KEY_JOSE_ALG, { modulusLength: 2048, extractable: true });
  const issuing = await x509.X509CertificateGenerator.create({
    subject: ISSUING_CA_SUBJECT,
    issuer: root.subject,
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore,
    notAfter: new Date(now.getTime() + 10 * YEAR_MS),
    signingAlgorithm: CERTIFICATE_SIGNING_ALGORITHM,
    extensions: [
      // pathLength 0: the issuing CA signs end-entity certificates only.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  return {
    root: { privateKeyPem: await exportPKCS8(rootKeys.privateKey), certificatePem: root.toString('pem') },
    issuing: { privateKeyPem: await exportPKCS8(issuingKeys.privateKey), certificatePem: issuing.toString('pem') },
    revoked: [],
  };
}
