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
  /** Where the certificates it issues say their status is published (AIA, CDP); none before the directory has a URL. */
  statusUrls: CertificateStatusUrls | null;
};

/** The issuing CA's OCSP responder, CRL and certificate, served by the directory. */
export type CertificateStatusUrls = { ocsp: string; crl: string; caIssuers: string };

/** The paths, under the directory's base URL, of the issuing CA's OCSP responder, CRL and certificate. */
export const CERTIFICATE_STATUS_PATHS = { ocsp: '/pki/ocsp', crl: '/pki/issuing-ca.crl', caIssuers: '/pki/issuing-ca.crt' } as const;

/**
 * Imports the stored CA so that it can issue certificates. With the directory's public `baseUrl`, they name its OCSP
 * responder and CRL; without (the first state, made before the directory listens), they name none.
 */
export async function loadIssuingAuthority(stored: StoredCertificateAuthority, baseUrl?: string): Promise<IssuingAuthority> {
  const issuing = new x509.X509Certificate(stored.issuing.certificatePem);
  const root = new x509.X509Certificate(stored.root.certificatePem);
  return {
    issuing,
    issuingKey: await importPKCS8(stored.issuing.privateKeyPem, CA_KEY_JOSE_ALG),
    root,
    bundlePem: `${issuing.toString('pem')}\n${root.toString('pem')}\n`,
    statusUrls:
      baseUrl === undefined
        ? null
        : { ocsp: `${baseUrl}${CERTIFICATE_STATUS_PATHS.ocsp}`, crl: `${baseUrl}${CERTIFICATE_STATUS_PATHS.crl}`, caIssuers: `${baseUrl}${CERTIFICATE_STATUS_PATHS.caIssuers}` },
  };
}
