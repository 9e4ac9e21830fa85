import { importPKCS8 } from 'jose';

import type { StoredCertificateAuthority } from '../state/directory-state';
import { CA_KEY_JOSE_ALG } from './certificate-signing-algorithm';
import { x509 } from './x509';

/** The sandbox CA ready to issue: the issuing certificate and key, the root, and the PEM bundle. */
export type IssuingAuthority = {
  issuing: x509.X509Certificate;
  issuingKey: CryptoKey;
  root: x509.X509Certificate;
  /** Issuing CA then root CA, as written to `ca-bundle.pem`. */
  bundlePem: string;
};

/** Imports the stored CA so that it can issue certificates. */
export async function loadIssuingAuthority(stored: StoredCertificateAuthority): Promise<IssuingAuthority> {
  const issuing = new x509.X509Certificate(stored.issuing.certificatePem);
  const root = new x509.X509Certificate(stored.root.certificatePem);
  return {
    issuing,
    issuingKey: await importPKCS8(stored.issuing.privateKeyPem, CA_KEY_JOSE_ALG),
    root,
    bundlePem: `${issuing.toString('pem')}\n${root.toString('pem')}\n`,
  };
}
