import { generateKeyPair } from 'jose';

import { x509 } from '@/lib/certificates/x509';

/** A generated certificate, as PEM and parsed. */
export type TestCertificate = { pem: string; certificate: x509.X509Certificate };

/** What a test certificate should look like; `subject` is in DER order (`C=GB, O=…, OU=…, CN=…`), as x509 takes it. */
export type TestCertificateOptions = {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** A CA certificate (basicConstraints cA, keyCertSign) instead of a TLS client certificate. */
  isCa?: boolean;
  /** Extensions besides the usual ones, e.g. an OBWAC's qcStatements. */
  extraExtensions?: x509.Extension[];
};

/** A test certificate authority: a root, an issuing CA under it, and a way to issue more certificates. */
export type TestPki = {
  root: TestCertificate;
  issuing: TestCertificate;
  /** The CA bundle as the directory writes it: issuing CA, then root. */
  caCertificates: string[];
  /** Issues a certificate from the issuing CA; end-entity ones share one RSA key and carry the clientAuth EKU. */
  issue(options: TestCertificateOptions): Promise<TestCertificate>;
  /** A self-signed end-entity certificate with the same key (issued by nobody the bank trusts). */
  selfSign(options: TestCertificateOptions): Promise<TestCertificate>;
  /**
   * Issues a certificate signed by `issuer`, which must be one this PKI issued (`issue` or `selfSign`: they
   * share one key): to build chains through a non-CA or a CA beyond its path length.
   */
  issueUnder(issuer: TestCertificate, options: TestCertificateOptions): Promise<TestCertificate>;
};

const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Generates a two-level test PKI shaped like the OB Directory's (RSA 2048, PKCS#1 v1.5 SHA-256, a root
 * and an issuing CA with path length 0), valid for ten years around `now`. `name` tells PKIs apart.
 */
export async function createTestPki(now: Date, name: string): Promise<TestPki> {
  const [rootKeys, issuingKeys, leafKeys] = await Promise.all(
    [0, 1, 2].map(() => generateKeyPair('RS256', { modulusLength: 2048, extractable: true })),
  ) as [CryptoKeyPair, CryptoKeyPair, CryptoKeyPair];
  const notBefore = new Date(now.getTime() - 365 * DAY_MS);
  const notAfter = new Date(now.getTime() + 3650 * DAY_MS);

  const rootCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `C=GB, O=${name}, CN=${name} Root CA`,
    keys: rootKeys,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const issuingCertificate = await x509.X509CertificateGenerator.create({
    subject: `C=GB, O=${name}, CN=${name} Issuing CA`,
    issuer: rootCertificate.subject,
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const extensionsFor = async (options: TestCertificateOptions, issuerKey: CryptoKey): Promise<x509.Extension[]> => [
    new x509.BasicConstraintsExtension(options.isCa === true, undefined, true),
    options.isCa
      ? new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)
      : new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    ...(options.isCa ? [] : [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])]),
    await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuerKey),
    ...(options.extraExtensions ?? []),
  ];

  return {
    root: toTestCertificate(rootCertificate),
    issuing: toTestCertificate(issuingCertificate),
    caCertificates: [issuingCertificate.toString('pem'), rootCertificate.toString('pem')],
    async issue(options) {
      const certificate = await x509.X509CertificateGenerator.create({
        subject: options.subject,
        issuer: issuingCertificate.subject,
        publicKey: leafKeys.publicKey,
        signingKey: issuingKeys.privateKey,
        notBefore: options.notBefore,
        notAfter: options.notAfter,
        signingAlgorithm: SIGNING_ALGORITHM,
        extensions: await extensionsFor(options, issuingKeys.publicKey),
      });
      return toTestCertificate(certificate);
    },
    async issueUnder(issuer, options) {
      const certificate = await x509.X509CertificateGenerator.create({
        subject: options.subject,
        issuer: issuer.certificate.subject,
        publicKey: leafKeys.publicKey,
        signingKey: leafKeys.privateKey,
        notBefore: options.notBefore,
        notAfter: options.notAfter,
        signingAlgorithm: SIGNING_ALGORITHM,
        extensions: await extensionsFor(options, leafKeys.publicKey),
      });
      return toTestCertificate(certificate);
    },
    async selfSign(options) {
      const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        name: options.subject,
        keys: leafKeys,
        notBefore: options.notBefore,
        notAfter: options.notAfter,
        signingAlgorithm: SIGNING_ALGORITHM,
        extensions: await extensionsFor(options, leafKeys.publicKey),
      });
      return toTestCertificate(certificate);
    },
  };
}

function toTestCertificate(certificate: x509.X509Certificate): TestCertificate {
  return { pem: certificate.toString('pem'), certificate };
}
