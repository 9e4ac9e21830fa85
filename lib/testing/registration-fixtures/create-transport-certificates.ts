import { createPsd2QcStatements, psd2RolesFor } from '@/directory/pki/create-psd2-qc-statements';
import { QC_STATEMENTS_OID } from '@/lib/certificates/read-psd2-attributes';
import { x509 } from '@/lib/certificates/x509';
import { createTestPki, type TestCertificate, type TestPki } from './create-test-pki';

/** The transport certificates the certificate and registration tests present, all for one software. */
export type TransportCertificates = {
  /** The bank's trusted PKI (its `caCertificates` are the CA bundle). */
  pki: TestPki;
  /** Legacy OB: `CN=<software_id>, OU=<org_id>, O=OpenBanking, C=GB`, clientAuth, valid now. */
  leaf: TestCertificate;
  /** As `leaf`, but its validity ended yesterday. */
  expired: TestCertificate;
  /** As `leaf`, but valid only from tomorrow. */
  notYetValid: TestCertificate;
  /** As `leaf`, issued by another PKI the bank does not trust. */
  foreign: TestCertificate;
  /** As `leaf`, self-signed. */
  selfSigned: TestCertificate;
  /** A CA certificate (cA=true) with the leaf's subject, issued by the trusted issuing CA. */
  caCertificate: TestCertificate;
  /**
   * OBWAC: `CN=<org_id>, organizationIdentifier=PSDGB-OB-Unknown<org_id>, O=<org_name>, C=GB`, with the PSD2 statement
   * (ETSI TS 119 495) granting every PSD2 role, as do the other eIDAS certificates here unless said otherwise.
   */
  obwac: TestCertificate;
  /** OBWAC with the org id in organizationIdentifier only (CN is a host name). */
  obwacIdentifierOnly: TestCertificate;
  /** eIDAS QWAC naming neither id: `CN=tpp.example, organizationIdentifier=PSDGB-FCA-123456`. */
  qwacWithoutOrgId: TestCertificate;
  /** Legacy OB for another software of the same organisation. */
  otherSoftware: TestCertificate;
  /** As `obwac`, but its PSD2 statement grants PSP_AI only. */
  obwacAispOnly: TestCertificate;
  /** As `obwac`, without a PSD2 statement. */
  obwacWithoutPsd2: TestCertificate;
};

/** An OBWAC's qcStatements granting `roles`, from the FCA. */
function psd2Extension(roles: Parameters<typeof psd2RolesFor>[0]): x509.Extension {
  return new x509.Extension(QC_STATEMENTS_OID, false, createPsd2QcStatements({ roles: psd2RolesFor(roles), ncaName: 'Financial Conduct Authority', ncaId: 'GB-FCA' }));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Generates a trusted PKI, a foreign one, and every transport certificate case for `software`, around `now`. */
export async function createTransportCertificates(
  now: Date,
  software: { softwareId: string; orgId: string; orgName: string },
): Promise<TransportCertificates> {
  const [pki, foreignPki] = await Promise.all([createTestPki(now, 'OpenBanking Test'), createTestPki(now, 'Foreign Test')]);
  const current = { notBefore: new Date(now.getTime() - DAY_MS), notAfter: new Date(now.getTime() + 365 * DAY_MS) };
  // Subjects in DER order (C first), which x509 expects; RFC 4514 writes them the other way round.
  const legacy = `C=GB, O=OpenBanking, OU=${software.orgId}, CN=${software.softwareId}`;
  const obwacIdentifier = `2.5.4.97=PSDGB-OB-Unknown${software.orgId}`;
  const allRoles = { extraExtensions: [psd2Extension(['AISP', 'PISP', 'CBPII', 'ASPSP'])] };
  const obwacSubject = `C=GB, O=${software.orgName}, ${obwacIdentifier}, CN=${software.orgId}`;
  const [leaf, expired, notYetValid, foreign, selfSigned, caCertificate, obwac, obwacIdentifierOnly, qwacWithoutOrgId, otherSoftware, obwacAispOnly, obwacWithoutPsd2] =
    await Promise.all([
      pki.issue({ subject: legacy, ...current }),
      pki.issue({ subject: legacy, notBefore: new Date(now.getTime() - 365 * DAY_MS), notAfter: new Date(now.getTime() - DAY_MS) }),
      pki.issue({ subject: legacy, notBefore: new Date(now.getTime() + DAY_MS), notAfter: new Date(now.getTime() + 365 * DAY_MS) }),
      foreignPki.issue({ subject: legacy, ...current }),
      pki.selfSign({ subject: legacy, ...current }),
      pki.issue({ subject: legacy, ...current, isCa: true }),
      pki.issue({ subject: obwacSubject, ...current, ...allRoles }),
      pki.issue({ subject: `C=GB, O=${software.orgName}, ${obwacIdentifier}, CN=tpp.example`, ...current, ...allRoles }),
      pki.issue({ subject: `C=GB, O=${software.orgName}, 2.5.4.97=PSDGB-FCA-123456, CN=tpp.example`, ...current, ...allRoles }),
      pki.issue({ subject: `C=GB, O=OpenBanking, OU=${software.orgId}, CN=AnotherSoftware0002`, ...current }),
      pki.issue({ subject: obwacSubject, ...current, extraExtensions: [psd2Extension(['AISP'])] }),
      pki.issue({ subject: obwacSubject, ...current }),
    ]);
  return { pki, leaf, expired, notYetValid, foreign, selfSigned, caCertificate, obwac, obwacIdentifierOnly, qwacWithoutOrgId, otherSoftware, obwacAispOnly, obwacWithoutPsd2 };
}
