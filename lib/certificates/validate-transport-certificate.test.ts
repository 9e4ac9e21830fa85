import { createHash } from 'node:crypto';

import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { createTestPki } from '@/lib/testing/registration-fixtures/create-test-pki';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';
import type { ValidationReport } from '@/lib/validation/report';

import {
  TRANSPORT_CERTIFICATE_CHECK_IDS,
  validateTransportCertificate,
  type ValidateTransportCertificateDeps,
} from './validate-transport-certificate';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

const NOW = new Date('2026-01-15T12:00:00Z');
const DAY_MS = 86_400_000;
const SSA = buildTestSsaClaims();
const CODE = 'invalid_software_statement';

let certificates: TransportCertificates;
let staleCaBundle: string[];
let leafUnderStaleCa: string;
let leafUnderEndEntity: string;
let leafUnderSubCa: string;
let subCaBundle: string[];

beforeAll(async () => {
  certificates = await createTransportCertificates(NOW, { softwareId: SSA.software_id, orgId: SSA.org_id, orgName: SSA.org_name });
  // A PKI whose CAs expired a year ago, still issuing a leaf that is itself within its dates.
  const stale = await createTestPki(new Date(NOW.getTime() - 11 * 365 * DAY_MS), 'Stale Test');
  staleCaBundle = stale.caCertificates;
  leafUnderStaleCa = (
    await stale.issue({
      subject: `C=GB, O=OpenBanking, OU=${SSA.org_id}, CN=${SSA.software_id}`,
      notBefore: new Date(NOW.getTime() - DAY_MS),
      notAfter: new Date(NOW.getTime() + DAY_MS),
    })
  ).pem;
  const current = { notBefore: new Date(NOW.getTime() - DAY_MS), notAfter: new Date(NOW.getTime() + DAY_MS) };
  const subject = `C=GB, O=OpenBanking, OU=${SSA.org_id}, CN=${SSA.software_id}`;
  // Signed by another TPP's end-entity certificate, which a careless bundle contains.
  leafUnderEndEntity = (await certificates.pki.issueUnder(certificates.otherSoftware, { subject, ...current })).pem;
  // Signed by a sub-CA under the issuing CA, whose path length (0) allows no sub-CA.
  const subCa = await certificates.pki.issue({ subject: 'C=GB, O=OpenBanking Test, CN=Rogue Sub CA', ...current, isCa: true });
  leafUnderSubCa = (await certificates.pki.issueUnder(subCa, { subject, ...current })).pem;
  subCaBundle = [subCa.pem, ...certificates.pki.caCertificates];
});

function publish(pem: string, use = 'tls'): { keys: JWK[] } {
  const der = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return { keys: [{ kty: 'RSA', kid: 'sig', use: 'sig', n: 'AQAB', e: 'AQAB' }, { kty: 'RSA', kid: 'tls', use, n: 'AQAB', e: 'AQAB', x5c: [der] }] };
}

function deps(overrides: Partial<ValidateTransportCertificateDeps> = {}): ValidateTransportCertificateDeps {
  return { now: NOW, caCertificates: certificates.pki.caCertificates, softwareJwks: publish(certificates.leaf.pem), requireInSoftwareJwks: true, ...TEST_PKI_STATUS, ...overrides };
}

function entries(report: ValidationReport) {
  return report.entries.map(({ id, outcome, code, description }) => ({ id, outcome, code, description }));
}

// Every check passes except those in `failures` (id → description); those in `notRun` were not run.
function expected(failures: Record<string, string>, notRun: string[] = [], ids: readonly string[] = TRANSPORT_CERTIFICATE_CHECK_IDS) {
  return ids.map((id) => {
    const code = id === 'certificate.revocation' ? 'invalid_client_metadata' : CODE;
    if (id in failures) return { id, outcome: 'fail', code, description: failures[id] };
    return { id, outcome: notRun.includes(id) ? 'not_run' : 'pass', code, description: undefined };
  });
}

const WITHOUT_POLICY = TRANSPORT_CERTIFICATE_CHECK_IDS.filter((id) => id !== 'certificate.software_jwks');
const UNTRUSTED = 'the transport certificate was not issued by a certificate authority the bank trusts';
const NOT_PUBLISHED = 'the transport certificate is not published with "use": "tls" in the software statement\'s JWKS';
const NOT_OURS = 'the transport certificate\'s subject does not name the software statement\'s "software_id" and "org_id"';

describe('validateTransportCertificate', () => {
  it('lists its checks in order', () => {
    expect(TRANSPORT_CERTIFICATE_CHECK_IDS).toEqual([
      'certificate.present',
      'certificate.parse',
      'certificate.validity',
      'certificate.chain',
      'certificate.subject',
      'certificate.psd2_roles',
      'certificate.revocation',
      'certificate.software_jwks',
    ]);
  });

  it('accepts a legacy OB transport certificate published in the software JWKS, and describes it', async () => {
    const { report, certificate } = await validateTransportCertificate(certificates.leaf.pem, SSA, deps());
    expect(entries(report)).toEqual(expected({}));
    expect(report.ok).toBe(true);
    const leaf = certificates.leaf.certificate;
    expect(certificate).toEqual({
      subjectDn: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB',
      issuerDn: 'CN=OpenBanking Test Issuing CA,O=OpenBanking Test,C=GB',
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
      thumbprintS256: createHash('sha256').update(Buffer.from(leaf.rawData)).digest('base64url'),
      serialNumber: leaf.serialNumber,
      der: Buffer.from(leaf.rawData).toString('base64'),
    });
  });

  it.each<[string, keyof TransportCertificates, string]>([
    ['an OBWAC with the org id in CN', 'obwac', 'CN=0015800001TESTORG,2.5.4.97=PSDGB-OB-Unknown0015800001TESTORG,O=Test TPP Ltd,C=GB'],
    ['an OBWAC with the org id in organizationIdentifier only', 'obwacIdentifierOnly', 'CN=tpp.example,2.5.4.97=PSDGB-OB-Unknown0015800001TESTORG,O=Test TPP Ltd,C=GB'],
  ])('accepts %s', async (_label, name, subjectDn) => {
    const { pem } = certificates[name] as { pem: string };
    const { report, certificate } = await validateTransportCertificate(pem, SSA, deps({ softwareJwks: publish(pem) }));
    expect(entries(report)).toEqual(expected({}));
    expect(certificate?.subjectDn).toBe(subjectDn);
  });

  it('leaves out the software JWKS check when the policy is off', async () => {
    const { report } = await validateTransportCertificate(certificates.leaf.pem, SSA, deps({ requireInSoftwareJwks: false, softwareJwks: null }));
    expect(entries(report)).toEqual(expected({}, [], WITHOUT_POLICY));
  });

  it('accepts a bundle that holds only the issuing CA (an intermediate the bank trusts)', async () => {
    const { report } = await validateTransportCertificate(certificates.leaf.pem, SSA, deps({ caCertificates: [certificates.pki.issuing.pem] }));
    expect(report.ok).toBe(true);
  });

  const LATER = ['certificate.validity', 'certificate.chain', 'certificate.subject', 'certificate.psd2_roles', 'certificate.revocation', 'certificate.software_jwks'];
  // The revocation status is asked only of a current certificate whose chain verified: its issuer answers for it.
  const NO_STATUS = ['certificate.revocation'];
  // The PSD2 roles are read only of a certificate that belongs to the software.
  const NOT_OWNED = ['certificate.psd2_roles'];

  it.each<[string, () => string | null, () => Partial<ValidateTransportCertificateDeps>, Record<string, string>, string[]]>([
    ['no certificate', () => null, () => ({}), { 'certificate.present': 'no client certificate was presented over mutual TLS' }, ['certificate.parse', ...LATER]],
    ['a blank certificate', () => ' \n', () => ({}), { 'certificate.present': 'no client certificate was presented over mutual TLS' }, ['certificate.parse', ...LATER]],
    ['text that is not a certificate', () => 'not a certificate', () => ({}), { 'certificate.parse': 'the transport certificate is not a valid X.509 certificate' }, LATER],
    [
      'a chain instead of one certificate',
      () => `${certificates.leaf.pem}\n${certificates.pki.issuing.pem}`,
      () => ({}),
      { 'certificate.parse': 'the transport certificate must be a single certificate, not a chain' },
      LATER,
    ],
    ['an expired certificate', () => certificates.expired.pem, () => ({ softwareJwks: publish(certificates.expired.pem) }), { 'certificate.validity': 'the transport certificate has expired ("notAfter" is in the past)' }, NO_STATUS],
    [
      'a certificate not valid yet',
      () => certificates.notYetValid.pem,
      () => ({ softwareJwks: publish(certificates.notYetValid.pem) }),
      { 'certificate.validity': 'the transport certificate is not valid yet ("notBefore" is in the future)' },
      NO_STATUS,
    ],
    ['a certificate from a foreign CA', () => certificates.foreign.pem, () => ({ softwareJwks: publish(certificates.foreign.pem) }), { 'certificate.chain': UNTRUSTED }, NO_STATUS],
    [
      'a self-signed certificate',
      () => certificates.selfSigned.pem,
      () => ({ softwareJwks: publish(certificates.selfSigned.pem) }),
      { 'certificate.chain': 'the transport certificate is self-signed; it must be issued by a certificate authority the bank trusts' },
      NO_STATUS,
    ],
    [
      'a CA certificate',
      () => certificates.caCertificate.pem,
      () => ({ softwareJwks: publish(certificates.caCertificate.pem) }),
      { 'certificate.chain': 'the transport certificate is a CA certificate; an end-entity certificate is required' },
      NO_STATUS,
    ],
    ['a bundle without the issuing CA', () => certificates.leaf.pem, () => ({ caCertificates: [certificates.pki.root.pem] }), { 'certificate.chain': UNTRUSTED }, NO_STATUS],
    [
      'an issuing CA that has expired',
      () => leafUnderStaleCa,
      () => ({ caCertificates: staleCaBundle, softwareJwks: publish(leafUnderStaleCa) }),
      { 'certificate.chain': "a certificate authority in the transport certificate's chain is outside its validity period" },
      NO_STATUS,
    ],
    [
      'a certificate whose issuer in the bundle is not a CA',
      () => leafUnderEndEntity,
      () => ({ caCertificates: [certificates.otherSoftware.pem, ...certificates.pki.caCertificates], softwareJwks: publish(leafUnderEndEntity) }),
      { 'certificate.chain': UNTRUSTED },
      NO_STATUS,
    ],
    [
      "a chain longer than a CA's path length allows",
      () => leafUnderSubCa,
      () => ({ caCertificates: subCaBundle, softwareJwks: publish(leafUnderSubCa) }),
      { 'certificate.chain': UNTRUSTED },
      NO_STATUS,
    ],
    ['another software of the same organisation', () => certificates.otherSoftware.pem, () => ({}), { 'certificate.subject': NOT_OURS, 'certificate.software_jwks': NOT_PUBLISHED }, NOT_OWNED],
    ['a QWAC naming neither id', () => certificates.qwacWithoutOrgId.pem, () => ({ softwareJwks: publish(certificates.qwacWithoutOrgId.pem) }), { 'certificate.subject': NOT_OURS }, NOT_OWNED],
    [
      "an OBWAC whose PSD2 roles leave out one of the software statement's",
      () => certificates.obwacAispOnly.pem,
      () => ({ softwareJwks: publish(certificates.obwacAispOnly.pem) }),
      { 'certificate.psd2_roles': "the certificate's PSD2 statement grants PSP_AI, not the software statement's PISP" },
      [],
    ],
    [
      'an OBWAC without a PSD2 statement',
      () => certificates.obwacWithoutPsd2.pem,
      () => ({ softwareJwks: publish(certificates.obwacWithoutPsd2.pem) }),
      { 'certificate.psd2_roles': 'the OBWAC carries no PSD2 statement (ETSI TS 119 495) naming its roles' },
      [],
    ],
    ['a certificate the software JWKS does not publish', () => certificates.leaf.pem, () => ({ softwareJwks: publish(certificates.obwac.pem) }), { 'certificate.software_jwks': NOT_PUBLISHED }, []],
    ['a certificate published under "use": "sig"', () => certificates.leaf.pem, () => ({ softwareJwks: publish(certificates.leaf.pem, 'sig') }), { 'certificate.software_jwks': NOT_PUBLISHED }, []],
    [
      'a software JWKS that could not be read',
      () => certificates.leaf.pem,
      () => ({ softwareJwks: null }),
      { 'certificate.software_jwks': "the software statement's JWKS could not be read to find the transport certificate" },
      [],
    ],
  ])('refuses %s', async (_label, pem, overrides, failures, notRun) => {
    const { report, certificate } = await validateTransportCertificate(pem(), SSA, deps(overrides()));
    expect(entries(report)).toEqual(expected(failures, notRun));
    expect(report.ok).toBe(false);
    expect(certificate).toBeNull();
  });

  it('throws when the bank\'s CA bundle holds something that is not a certificate (a fault, not a verdict)', async () => {
    await expect(validateTransportCertificate(certificates.leaf.pem, SSA, deps({ caCertificates: ['garbage'] }))).rejects.toThrow();
  });
});
