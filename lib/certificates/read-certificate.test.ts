import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import { createTestPki, type TestPki } from '@/lib/testing/registration-fixtures/create-test-pki';
import { readCertificate } from './read-certificate';

const NOW = new Date('2026-06-01T00:00:00Z');
let pki: TestPki;

beforeAll(async () => {
  pki = await createTestPki(NOW, 'Read Test');
});

describe('readCertificate', () => {
  it('reads the names and the RFC 8705 thumbprint (SHA-256 of the DER, base64url)', async () => {
    const { pem } = await pki.issue({ subject: 'C=GB, O=Acme, OU=0015800001ACMEPAYS, CN=software-1', notBefore: NOW, notAfter: new Date('2027-01-01') });
    const read = readCertificate(pem);
    const fingerprint = new NodeX509Certificate(pem).fingerprint256.replaceAll(':', '');
    expect(read.thumbprintS256).toBe(Buffer.from(fingerprint, 'hex').toString('base64url'));
    expect(read.subject).toEqual([[{ type: '2.5.4.3', value: 'software-1' }], [{ type: '2.5.4.11', value: '0015800001ACMEPAYS' }], [{ type: '2.5.4.10', value: 'Acme' }], [{ type: '2.5.4.6', value: 'GB' }]]);
    expect(read.issuer[0]).toEqual([{ type: '2.5.4.3', value: 'Read Test Issuing CA' }]);
  });

  it('parses a certificate once and hands out the same frozen result', async () => {
    const { pem } = await pki.issue({ subject: 'C=GB, O=Acme, CN=software-2', notBefore: NOW, notAfter: new Date('2027-01-01') });
    const first = readCertificate(pem);
    expect(readCertificate(pem)).toBe(first);
    expect(Object.isFrozen(first.subject) && first.subject.every((rdn) => Object.isFrozen(rdn) && rdn.every(Object.isFrozen))).toBe(true);
    const other = await pki.issue({ subject: 'C=GB, O=Acme, CN=software-3', notBefore: NOW, notAfter: new Date('2027-01-01') });
    expect(readCertificate(other.pem).thumbprintS256).not.toBe(first.thumbprintS256);
  });

  it('throws for text that is not a certificate, every time', () => {
    const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----';
    expect(() => readCertificate(garbage)).toThrow();
    expect(() => readCertificate(garbage)).toThrow();
  });
});
