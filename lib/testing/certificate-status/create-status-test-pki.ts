import { exportPKCS8 } from 'jose';

import { x509 } from '@/lib/certificates/x509';

/** A certificate authority of the status tests, and what the sandbox's OCSP and CRL builders take to sign as it. */
export type StatusTestAuthority = {
  certificate: x509.X509Certificate;
  /** `{ certificatePem, privateKeyPem }`: the signer of `createOcspResponse` and `createCrl`. */
  signer: { certificatePem: string; privateKeyPem: string };
  /** Issues an end-entity certificate naming `ocsp` in its AIA and `crl` in its CDP (none: the extension is left out). */
  issue(sources: { ocsp?: string[]; crl?: string[]; extendedKeyUsages?: string[]; subject?: string; extensions?: x509.Extension[] }): Promise<x509.X509Certificate & { signer: StatusTestAuthority['signer'] }>;
};

// As the OB Directory's CAs sign: RSASSA-PKCS1-v1_5 with SHA-256.
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

async function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

/**
 * A self-signed CA for the revocation-status tests, made at run time (no key is committed). Its certificates name the
 * test's own OCSP responder and CRL, served by a local server.
 */
export async function createStatusTestAuthority(name: string, now = new Date()): Promise<StatusTestAuthority> {
  const keys = await newKeys();
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 30 * DAY_MS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `C=GB, O=Onboard Status Test, CN=${name}`,
    keys,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const signer = { certificatePem: certificate.toString('pem'), privateKeyPem: await exportPKCS8(keys.privateKey) };
  return {
    certificate,
    signer,
    async issue({ ocsp = [], crl = [], extendedKeyUsages = [x509.ExtendedKeyUsage.clientAuth], subject = 'C=GB, O=OpenBanking, OU=0015800001TESTORG, CN=TestSoftware0001', extensions: extra = [] }) {
      const leafKeys = await newKeys();
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(extendedKeyUsages),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
      ];
      if (ocsp.length > 0) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp }));
      if (crl.length > 0) extensions.push(new x509.CRLDistributionPointsExtension(crl));
      extensions.push(...extra);
      const leaf = await x509.X509CertificateGenerator.create({
        subject,
        issuer: certificate.subject,
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        extensions,
      });
      return Object.assign(leaf, { signer: { certificatePem: leaf.toString('pem'), privateKeyPem: await exportPKCS8(leafKeys.privateKey) } });
    },
  };
}
