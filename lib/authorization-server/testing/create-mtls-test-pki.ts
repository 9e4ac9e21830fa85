import { exportPKCS8, generateKeyPair } from 'jose';
import { x509 } from '@/lib/certificates/x509';

/** A certificate and its private key, PEM, as a TLS client or server presents them. */
export type MtlsTestCredential = { certPem: string; keyPem: string };

/**
 * A test CA for real mutual TLS. lib/testing/registration-fixtures/create-test-pki.ts keeps its leaf key to itself
 * (its certificates are only ever parsed), so TLS tests get their own: a CA, a `localhost` server certificate, and
 * client certificates with their keys.
 */
export type MtlsTestPki = {
  caPem: string;
  /** `CN=localhost`, SAN DNS localhost and IP 127.0.0.1, serverAuth. */
  server: MtlsTestCredential;
  /** A clientAuth certificate issued by the CA; `subject` in DER order (`C=GB, O=…, OU=…, CN=…`). */
  issue(subject: string): Promise<MtlsTestCredential>;
  /** A self-signed clientAuth certificate: presented, but never verified. */
  selfSign(subject: string): Promise<MtlsTestCredential>;
};

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Generates the CA and server certificate, valid around `now` (ECDSA P-256: fast to generate). */
export async function createMtlsTestPki(now: Date): Promise<MtlsTestPki> {
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 30 * DAY_MS);
  const caKeys = await newKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'C=GB, O=Onboard Test, CN=Onboard Test mTLS CA',
    keys: caKeys,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const leafExtensions = async (keys: CryptoKeyPair, usage: string): Promise<x509.Extension[]> => [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([usage]),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const issue = async (subject: string, usage: string, extra: x509.Extension[] = []): Promise<MtlsTestCredential> => {
    const keys = await newKeys();
    const certificate = await x509.X509CertificateGenerator.create({
      subject,
      issuer: ca.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      extensions: [...(await leafExtensions(keys, usage)), ...extra],
    });
    return { certPem: certificate.toString('pem'), keyPem: await exportPKCS8(keys.privateKey) };
  };

  return {
    caPem: ca.toString('pem'),
    server: await issue('CN=localhost', x509.ExtendedKeyUsage.serverAuth, [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ]),
    issue: (subject) => issue(subject, x509.ExtendedKeyUsage.clientAuth),
    async selfSign(subject) {
      const keys = await newKeys();
      const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        name: subject,
        keys,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        extensions: await leafExtensions(keys, x509.ExtendedKeyUsage.clientAuth),
      });
      return { certPem: certificate.toString('pem'), keyPem: await exportPKCS8(keys.privateKey) };
    },
  };
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await generateKeyPair('ES256', { extractable: true })) as CryptoKeyPair;
}
