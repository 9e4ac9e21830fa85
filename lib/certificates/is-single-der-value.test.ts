// Regression (issue 6 property tests): a certificate followed by stray bytes was read from the forwarded
// header and accepted by the transport certificate checks, its thumbprint taken over the stray bytes too.
import { beforeAll, describe, expect, it } from 'vitest';

import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';

import { isSingleDerValue } from './is-single-der-value';
import { readCertificateHeader } from './read-certificate-header';
import { validateTransportCertificate } from './validate-transport-certificate';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

const NOW = new Date('2026-01-15T12:00:00Z');
const SSA = buildTestSsaClaims();

let certificates: TransportCertificates;
let der: Uint8Array;

const toPem = (bytes: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\n${(Buffer.from(bytes).toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

beforeAll(async () => {
  certificates = await createTransportCertificates(NOW, { softwareId: SSA.software_id, orgId: SSA.org_id, orgName: SSA.org_name });
  der = new Uint8Array(certificates.leaf.certificate.rawData);
});

describe('isSingleDerValue', () => {
  it.each<[string, () => Uint8Array, boolean]>([
    ['a certificate', () => der, true],
    ['a short-form SEQUENCE', () => new Uint8Array([0x30, 0x01, 0x05]), true],
    ['a certificate and one stray byte', () => new Uint8Array([...der, 0x00]), false],
    ['a certificate and another DER value', () => new Uint8Array([...der, 0x30, 0x00]), false],
    ['a truncated certificate', () => der.subarray(0, der.length - 1), false],
    ['not a SEQUENCE', () => new Uint8Array([0x31, 0x00]), false],
    ['an indefinite length (BER, not DER)', () => new Uint8Array([0x30, 0x80, 0x00, 0x00]), false],
    ['nothing', () => new Uint8Array([]), false],
  ])('%s → %s', (_label, bytes, expected) => {
    expect(isSingleDerValue(bytes())).toBe(expected);
  });
});

describe('a certificate followed by stray bytes', () => {
  it('is not read from the forwarded header', () => {
    expect(readCertificateHeader(encodeURIComponent(toPem(new Uint8Array([...der, 0x00]))))).toBeNull();
    expect(readCertificateHeader(encodeURIComponent(toPem(der)))).toBe(toPem(der));
  });

  it('fails the transport certificate parse check', async () => {
    const deps = { now: NOW, caCertificates: certificates.pki.caCertificates, requireInSoftwareJwks: false, ...TEST_PKI_STATUS };
    const { report, certificate } = await validateTransportCertificate(toPem(new Uint8Array([...der, 0x01, 0x02])), SSA, deps);
    expect(report.entries.find((entry) => entry.id === 'certificate.parse')).toMatchObject({
      outcome: 'fail',
      code: 'invalid_software_statement',
      description: 'the transport certificate is not a valid X.509 certificate',
    });
    expect(certificate).toBeNull();
  });
});
