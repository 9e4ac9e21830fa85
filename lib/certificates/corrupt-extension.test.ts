// Regression (issue 6 property tests): a certificate whose extendedKeyUsage extension does not decode made
// validateTransportCertificate throw (a 500 on /register) instead of failing its parse check.
import { beforeAll, expect, it } from 'vitest';

import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';

import { validateTransportCertificate } from './validate-transport-certificate';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

const NOW = new Date('2026-01-15T12:00:00Z');
const SSA = buildTestSsaClaims();
// id-ce-extKeyUsage (2.5.29.37), then its extnValue OCTET STRING and the SEQUENCE inside it.
const EKU_OID = Buffer.from('0603551d25', 'hex');

let certificates: TransportCertificates;

beforeAll(async () => {
  certificates = await createTransportCertificates(NOW, { softwareId: SSA.software_id, orgId: SSA.org_id, orgName: SSA.org_name });
});

it('fails the parse check for a certificate whose extendedKeyUsage does not decode', async () => {
  const der = Buffer.from(certificates.leaf.certificate.rawData);
  const at = der.indexOf(EKU_OID);
  expect(at).toBeGreaterThan(0);
  const sequenceAt = at + EKU_OID.length + 2; // past the OCTET STRING tag and length
  expect(der[sequenceAt]).toBe(0x30);
  der[sequenceAt] = 0x31; // a SET where the SEQUENCE of key purposes belongs
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
  const deps = { now: NOW, caCertificates: certificates.pki.caCertificates, requireInSoftwareJwks: false, ...TEST_PKI_STATUS };
  const { report, certificate } = await validateTransportCertificate(pem, SSA, deps);
  expect(report.entries.find((entry) => entry.id === 'certificate.parse')).toMatchObject({
    outcome: 'fail',
    code: 'invalid_software_statement',
    description: 'the transport certificate is not a valid X.509 certificate',
  });
  expect(certificate).toBeNull();
});
