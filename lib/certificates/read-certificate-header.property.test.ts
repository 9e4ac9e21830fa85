// Odd values of the forwarded client certificate header (issue 6, "Bad input"): the reader never throws,
// and returns null or exactly one canonical PEM certificate.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { arbitraryInvalidUtf8 } from '@/lib/testing/arbitraries/arbitrary-invalid-utf8';
import { arbitraryOddCertificateHeader } from '@/lib/testing/arbitraries/arbitrary-odd-certificate-header';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { createTransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';

import { readCertificateHeader } from './read-certificate-header';

const NUM_RUNS = 300;
const CANONICAL_PEM = /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/;
const SSA = buildTestSsaClaims();

let validPem: string;

beforeAll(async () => {
  const certificates = await createTransportCertificates(new Date('2026-01-15T12:00:00Z'), { softwareId: SSA.software_id, orgId: SSA.org_id, orgName: SSA.org_name });
  validPem = certificates.leaf.pem;
});

describe('readCertificateHeader with odd header values', () => {
  it('never throws, and reads null or one canonical PEM certificate', async () => {
    await assertProperty('readCertificateHeader, odd header values', arbitraryOddCertificateHeader(validPem), async (value) => {
      // What the handler receives: the value as `Headers` normalises it.
      const received = new Headers({ 'x-ssl-client-cert': value }).get('x-ssl-client-cert');
      const pem = readCertificateHeader(received);
      if (pem !== null) expect(pem).toMatch(CANONICAL_PEM);
    }, { numRuns: NUM_RUNS });
  });

  it('reads null for percent-encoded bytes that are not UTF-8', async () => {
    const encoded = arbitraryInvalidUtf8(encodeURIComponent(validPem)).map((bytes) =>
      [...bytes].map((byte) => (byte < 0x80 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join(''),
    );
    await assertProperty('readCertificateHeader, invalid UTF-8', encoded, async (value) => {
      expect(readCertificateHeader(value)).toBeNull();
    }, { numRuns: NUM_RUNS });
  });

  it('reads the certificate itself however the terminator lays it out (a no-op mutation)', async () => {
    const layout = fc.constantFrom(
      (pem: string) => encodeURIComponent(pem),
      (pem: string) => encodeURIComponent(pem.trimEnd()),
      (pem: string) => pem.replace(/\n/g, ' '),
      (pem: string) => encodeURIComponent(pem.replace(/\n/g, '\r\n')),
      (pem: string) => encodeURIComponent(`\n  ${pem.replace(/\n/g, '\n  ')}`),
    );
    await assertProperty('readCertificateHeader, no-op layouts', layout, async (lay) => {
      expect(readCertificateHeader(lay(validPem))).toBe(validPem.endsWith('\n') ? validPem : `${validPem}\n`);
    }, { numRuns: 20 });
  });
});
