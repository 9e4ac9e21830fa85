import type { JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { x509 } from '@/lib/certificates/x509';
import { createStatusTestAuthority } from '@/lib/testing/certificate-status/create-status-test-pki';
import { startTestStatusAuthority, type TestStatusAuthority } from '@/lib/testing/certificate-status/start-test-status-authority';
import { checkSigningCertificate } from './check-signing-certificate';
import { createCertificateStatusChecker } from './create-certificate-status-checker';

const REVOKED_AT = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);

let authority: TestStatusAuthority;
let certificate: x509.X509Certificate;

beforeAll(async () => {
  authority = await startTestStatusAuthority('Signing Certificate Test CA');
});
afterAll(() => authority.close());
beforeEach(async () => {
  authority.reset();
  certificate = await authority.issue();
});

const jwksWith = (x5c?: x509.X509Certificate): { keys: JWK[] } => ({
  keys: [{ kty: 'RSA', kid: 'sig-1', use: 'sig', n: 'n', e: 'AQAB', ...(x5c ? { x5c: [Buffer.from(x5c.rawData).toString('base64')] } : {}) }],
});

function check(jwks: { keys: JWK[] } | null, options: { caCertificates?: string[]; isSoftFail?: boolean } = {}) {
  return checkSigningCertificate(jwks, 'sig-1', {
    caCertificates: options.caCertificates ?? [authority.ca.signer.certificatePem],
    checkStatus: createCertificateStatusChecker({ allowedHosts: [authority.server.host], maxAgeMs: 0, timeoutMs: 1_000 }),
    isSoftFail: options.isSoftFail ?? false,
  });
}

describe('checkSigningCertificate', () => {
  it('passes a key its authority vouches for, and a key published without a certificate', async () => {
    expect(await check(jwksWith(certificate))).toBe(true);
    expect(await check(jwksWith())).toBe(true);
    expect(await check(null)).toBe(true);
  });

  it('refuses a key whose certificate its authority revoked, saying when, why and whose answer it was', async () => {
    authority.revoke(certificate, REVOKED_AT);
    expect(await check(jwksWith(certificate))).toBe(
      `the certificate authority revoked this signing certificate on ${REVOKED_AT.toISOString()} (keyCompromise), according to its OCSP responder`,
    );
  });

  it('refuses a certificate outside the bank\'s bundle (no authority to ask), unless the environment is soft-fail', async () => {
    const other = await createStatusTestAuthority('Another CA');
    const options = { caCertificates: [other.signer.certificatePem] };
    expect(await check(jwksWith(certificate), options)).toBe(
      "the signing key's certificate was not issued by a certificate authority the bank trusts, so whether it was revoked cannot be established",
    );
    expect(await check(jwksWith(certificate), { ...options, isSoftFail: true })).toBe(true);
  });

  it('refuses a status no source gave, and a certificate that cannot be read', async () => {
    authority.setDown(true);
    expect(await check(jwksWith(certificate))).toMatch(/^the revocation status of this signing certificate could not be established/);
    expect(await check({ keys: [{ kty: 'RSA', kid: 'sig-1', x5c: ['bm90IGEgY2VydGlmaWNhdGU='] }] })).toBe("the signing key's certificate (x5c) could not be read");
  });
});
