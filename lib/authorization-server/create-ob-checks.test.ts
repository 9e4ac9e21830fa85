// The OB checks of a token request against a real test CA and its OCSP responder: what is refused, and which
// refusals start the re-check of the client (OB-RULES *Trust over time*: a revoked certificate suspends it).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { readCertificate } from '@/lib/certificates/read-certificate';
import type { x509 } from '@/lib/certificates/x509';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { startTestStatusAuthority, type TestStatusAuthority } from '@/lib/testing/certificate-status/start-test-status-authority';
import { createObChecks, type ObChecks } from './create-ob-checks';

const REVOKED_AT = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
const LIST = '/revoked/software.jwks';

let authority: TestStatusAuthority;
let checks: ObChecks;
let told: string[];
let logged: string[];
let certificate: x509.X509Certificate;

beforeAll(async () => {
  authority = await startTestStatusAuthority('OB Checks Test CA');
  const { server } = authority;
  checks = createObChecks({
    domains: [
      {
        environment: 'sandbox',
        fetchRevokedKeys: createJwksFetcher({ allowedHosts: [server.host], cacheMaxAgeMs: 0 }),
        checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: [server.host], maxAgeMs: 0, timeoutMs: 1_000 }),
        readCaCertificates: async () => [authority.ca.signer.certificatePem],
        fetchJwks: createJwksFetcher({ allowedHosts: [server.host], cacheMaxAgeMs: 0 }),
        isStatusSoftFail: false,
      },
    ],
    onCertificateRevoked: (clientId) => told.push(clientId),
    logStatusProblems: (line) => logged.push(line),
  });
});
afterAll(() => authority.close());

beforeEach(async () => {
  authority.reset();
  authority.server.serve(LIST, { body: { keys: [] } });
  told = [];
  logged = [];
  certificate = await authority.issue();
});

function check(kid: string | null = null, jwksUri: string | null = null) {
  return checks({
    client: {
      clientId: 'client-1',
      softwareId: 'TestSoftware0001',
      orgId: '0015800001TESTORG',
      environment: 'sandbox',
      revokedKeyLists: { software_jwks_revoked_endpoint: authority.server.url(LIST) },
      jwksUri,
    },
    certificatePem: certificate.toString('pem'),
    clientAssertion: kid === null ? null : { kid },
  });
}

describe('createObChecks', () => {
  it('lets a good certificate through, telling no one', async () => {
    expect(await check()).toBeNull();
    expect(told).toEqual([]);
  });

  it('refuses a client of an environment the deployment no longer serves, asking no source', async () => {
    const asked = authority.server.requestCount();
    const refusal = await checks({ client: { clientId: 'client-1', softwareId: 'TestSoftware0001', orgId: '0015800001TESTORG', environment: 'production' }, certificatePem: certificate.toString('pem') });
    expect(refusal).toEqual({ error: 'invalid_client', description: 'the bank no longer serves the environment this client was registered in (production)' });
    expect(authority.server.requestCount()).toBe(asked);
  });

  it('refuses a certificate its authority revoked, and asks for the re-check of the client', async () => {
    authority.revoke(certificate, REVOKED_AT);
    expect(await check()).toEqual({
      error: 'invalid_client',
      description: `the certificate authority revoked this client certificate on ${REVOKED_AT.toISOString()} (keyCompromise), according to its OCSP responder`,
    });
    expect(told).toEqual(['client-1']);
  });

  it('refuses a certificate on the revoked lists, and asks for the re-check of the client', async () => {
    authority.server.serve(LIST, { body: { keys: [{ kty: 'RSA', kid: 'old', 'x5t#S256': readCertificate(certificate.toString('pem')).thumbprintS256 }] } });
    expect(await check()).toMatchObject({ error: 'invalid_client', description: expect.stringContaining('the directory has revoked this transport certificate') });
    expect(told).toEqual(['client-1']);
  });

  it('refuses a revoked signing key, an unreadable list and an unknown status without asking for a re-check', async () => {
    authority.server.serve(LIST, { body: { keys: [{ kty: 'RSA', kid: 'signing-1' }] } });
    expect(await check('signing-1')).toMatchObject({ description: expect.stringContaining('the directory has revoked the signing key "signing-1"') });
    authority.server.serve(LIST, { status: 500 });
    expect(await check()).toMatchObject({ description: expect.stringContaining('could not be read') });
    authority.server.serve(LIST, { body: { keys: [] } });
    authority.setDown(true);
    expect(await check()).toMatchObject({ description: expect.stringContaining('could not be established') });
    expect(told).toEqual([]);
    // Why, for the bank's log alone: the caller's description does not say.
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^\\[trust\\] certificate ${certificate.serialNumber}: no status: .*503`))]);
  });

  it("refuses a client assertion signed by a key whose certificate its authority revoked", async () => {
    const signing = await authority.issue();
    authority.server.serve('/software.jwks', { body: { keys: [{ kty: 'RSA', kid: 'sig-1', use: 'sig', n: 'n', e: 'AQAB', x5c: [Buffer.from(signing.rawData).toString('base64')] }] } });
    const jwksUri = authority.server.url('/software.jwks');
    expect(await check('sig-1', jwksUri)).toBeNull();
    authority.revoke(signing, REVOKED_AT);
    expect(await check('sig-1', jwksUri)).toEqual({
      error: 'invalid_client',
      description: `the certificate authority revoked this signing certificate on ${REVOKED_AT.toISOString()} (keyCompromise), according to its OCSP responder`,
    });
    // The transport certificate is fine: the client is not re-checked for its signing key.
    expect(told).toEqual([]);
  });

  it("refuses a client assertion whose key's certificate cannot be looked up, the software JWKS being unreadable", async () => {
    authority.server.serve('/software.jwks', { status: 500 });
    expect(await check('sig-1', authority.server.url('/software.jwks'))).toEqual({
      error: 'invalid_client',
      description: "the software statement's JWKS could not be read, so whether the signing key's certificate is revoked cannot be established",
    });
  });
});
