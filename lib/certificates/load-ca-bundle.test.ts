import { beforeAll, describe, expect, it } from 'vitest';

import { createTestPki, type TestPki } from '@/lib/testing/registration-fixtures/create-test-pki';

import { loadCaBundle } from './load-ca-bundle';

let pki: TestPki;

beforeAll(async () => {
  pki = await createTestPki(new Date('2026-01-15T12:00:00Z'), 'Bundle Test');
});

describe('loadCaBundle', () => {
  it('splits a bundle into one PEM per certificate, in file order', () => {
    const [issuing, root] = pki.caCertificates;
    expect(loadCaBundle(`${issuing}\n${root}\n`)).toEqual([issuing, root]);
  });

  it("ignores text between blocks (OpenSSL's subject= lines, comments) and CRLF line ends", () => {
    const [issuing, root] = pki.caCertificates;
    const text = `# Test bundle\r\nsubject=CN=Issuing\r\n${issuing!.replace(/\n/g, '\r\n')}\r\nsubject=CN=Root\r\n${root}`;
    expect(loadCaBundle(text)).toEqual([issuing, root]);
  });

  it.each<[string, () => string, string]>([
    ['an empty file', () => '', 'the CA bundle contains no certificate'],
    ['a file without certificates', () => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'the CA bundle contains no certificate'],
    ['an unterminated block', () => `${pki.caCertificates[0]}\n-----BEGIN CERTIFICATE-----\nMIIB\n`, 'the CA bundle has a certificate without its "-----END CERTIFICATE-----" line'],
    ['a block that is not a certificate', () => `${pki.caCertificates[0]}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`, 'certificate 2 of the CA bundle is not a valid X.509 certificate'],
  ])('throws on %s', (_label, text, message) => {
    expect(() => loadCaBundle(text())).toThrow(message);
  });
});
