import { beforeAll, describe, expect, it } from 'vitest';

import { createTestPki } from '@/lib/testing/registration-fixtures/create-test-pki';

import { readCertificateHeader } from './read-certificate-header';

const NOW = new Date('2026-01-15T12:00:00Z');
let pem: string;
let body: string;

beforeAll(async () => {
  const pki = await createTestPki(NOW, 'Header Test');
  pem = (await pki.issue({ subject: 'C=GB, CN=header', notBefore: NOW, notAfter: new Date(NOW.getTime() + 86_400_000) })).pem;
  body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
});

describe('readCertificateHeader', () => {
  it.each<[string, () => string]>([
    ["nginx's $ssl_client_escaped_cert (URL-encoded PEM)", () => encodeURIComponent(pem)],
    ['a PEM with "+" left unencoded (base64, never a space)', () => encodeURIComponent(pem).replace(/%2B/g, '+')],
    ['a PEM folded onto one line with spaces', () => pem.replace(/\n/g, ' ')],
    ["a tab-indented PEM (nginx's legacy $ssl_client_cert)", () => pem.replace(/\n/g, '\n\t')],
    ['a URL-encoded PEM with CRLF line ends', () => encodeURIComponent(pem.replace(/\n/g, '\r\n'))],
  ])('reads %s as canonical PEM', (_label, value) => {
    const read = readCertificateHeader(value());
    expect(read).toBe(pem.endsWith('\n') ? pem : `${pem}\n`);
    expect(read?.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')).toBe(body);
  });

  it.each<[string, () => string | null | undefined]>([
    ['no header', () => undefined],
    ['a null header', () => null],
    ['an empty header', () => ''],
    ['a malformed percent-encoding', () => `%E0%A4%A${encodeURIComponent(pem)}`],
    ['text that is not a PEM', () => 'hello'],
    ['bare base64 DER without PEM armour', () => body],
    ['two certificates (a chain)', () => encodeURIComponent(`${pem}\n${pem}`)],
    ['a PEM with stray text around it', () => encodeURIComponent(`subject=CN=x\n${pem}`)],
    ['a private key', () => encodeURIComponent('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')],
    ['an empty certificate block', () => '-----BEGIN CERTIFICATE----------END CERTIFICATE-----'],
    ['a body that is not base64', () => `-----BEGIN CERTIFICATE-----\n${body.slice(0, 40)}*${body.slice(41)}\n-----END CERTIFICATE-----`],
    ['a truncated body', () => `-----BEGIN CERTIFICATE-----\n${body.slice(0, body.length - 3)}\n-----END CERTIFICATE-----`],
  ])('answers null for %s, without throwing', (_label, value) => {
    expect(readCertificateHeader(value())).toBeNull();
  });
});
