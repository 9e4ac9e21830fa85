// The sandbox CA's OCSP responder and CRL, read by the product's own status checker (lib/certificate-status) over
// real HTTP: what the directory revokes, the checker sees.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { createStatusTestAuthority } from '@/lib/testing/certificate-status/create-status-test-pki';
import { x509 } from './pki/x509';
import type { SoftwareBundle } from './software/build-software-bundle';
import { startTestDirectory, type TestDirectory } from './testing/start-test-directory';

const ACME = '0015800001ACMEPAYS';
const DAY_MS = 24 * 60 * 60 * 1000;

let directory: TestDirectory;
let issuer: x509.X509Certificate;

beforeAll(async () => {
  directory = await startTestDirectory();
  issuer = new x509.X509Certificate(await (await fetch(`${directory.url}/pki/issuing-ca.crt`)).arrayBuffer());
});
afterAll(async () => {
  await directory?.dispose();
});

async function post<T>(pathname: string, body: unknown = {}, status = 200): Promise<T> {
  const response = await fetch(`${directory.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

const createSoftware = () => post<SoftwareBundle>(`/api/organisations/${ACME}/software`, {}, 201);
const softwarePath = (bundle: SoftwareBundle) => `/api/organisations/${bundle.org_id}/software/${bundle.software_id}`;
const checker = () => createCertificateStatusChecker({ allowedHosts: [new URL(directory.url).host], maxAgeMs: 0 });
const certificate = (pem: string) => new x509.X509Certificate(pem);

describe('the sandbox CA: OCSP responder and CRL', () => {
  it('issues certificates that name its OCSP responder, its certificate and its CRL', async () => {
    const bundle = await createSoftware();
    const transport = certificate(bundle.transport.certificate_pem);
    const access = transport.getExtension(x509.AuthorityInfoAccessExtension);
    expect(access?.ocsp.map((name) => name.value)).toEqual([`${directory.url}/pki/ocsp`]);
    expect(access?.caIssuers.map((name) => name.value)).toEqual([`${directory.url}/pki/issuing-ca.crt`]);
    const points = transport.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints ?? [];
    expect(points.flatMap((point) => point.distributionPoint?.fullName?.map((name) => name.uniformResourceIdentifier) ?? [])).toEqual([`${directory.url}/pki/issuing-ca.crl`]);
    expect(issuer.subject).toBe(transport.issuer);
  });

  it('says good of a fresh certificate, and revoked (with time and reason) once one certificate is revoked, by OCSP', async () => {
    const bundle = await createSoftware();
    const transport = certificate(bundle.transport.certificate_pem);
    expect(await checker()(transport, issuer)).toMatchObject({ status: 'good', source: 'ocsp' });
    const revoked = await post<{ revoked_certificate: { use: string; serial_number: string; revoked_at: string; reason: string } }>(
      `${softwarePath(bundle)}/certificates/transport/revoke`,
      { reason: 'superseded' },
    );
    expect(revoked.revoked_certificate).toMatchObject({ use: 'transport', serial_number: transport.serialNumber.toLowerCase(), reason: 'superseded' });
    expect(await checker()(transport, issuer)).toMatchObject({ status: 'revoked', source: 'ocsp', reason: 'superseded', revokedAt: new Date(revoked.revoked_certificate.revoked_at) });
    // The signing certificate was not revoked, and the key stays in the keystore (not on the revoked list).
    expect(await checker()(certificate(bundle.signing.certificate_pem), issuer)).toMatchObject({ status: 'good' });
    await post(`${softwarePath(bundle)}/certificates/transport/revoke`, {}, 409);
  });

  it('lists revoked certificates on its CRL, signed by the issuing CA', async () => {
    const bundle = await createSoftware();
    await post(`${softwarePath(bundle)}/certificates/signing/revoke`);
    const crl = new x509.X509Crl(await (await fetch(`${directory.url}/pki/issuing-ca.crl`)).arrayBuffer());
    expect(await crl.verify({ publicKey: issuer })).toBe(true);
    expect(crl.findRevoked(certificate(bundle.signing.certificate_pem))?.reason).toBe(x509.X509CrlReason.keyCompromise);
    expect(crl.findRevoked(certificate(bundle.transport.certificate_pem))).toBeNull();
  });

  it('revokes both certificates at the CA when the software\'s keys are revoked', async () => {
    const bundle = await createSoftware();
    const after = await post<SoftwareBundle>(`${softwarePath(bundle)}/revoke-keys`);
    expect(await checker()(certificate(bundle.transport.certificate_pem), issuer)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(await checker()(certificate(bundle.signing.certificate_pem), issuer)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    expect(await checker()(certificate(after.transport.certificate_pem), issuer)).toMatchObject({ status: 'good' });
  });

  it('does not know a certificate it never issued, and answers a GET request (RFC 6960 A.1) as a POST', async () => {
    const stranger = await createStatusTestAuthority('Stranger CA');
    const leaf = await stranger.issue({ ocsp: [`${directory.url}/pki/ocsp`] });
    // Asked about the stranger's certificate as if the sandbox CA had issued it: the responder does not know it.
    const status = await checker()(leaf, issuer);
    expect(status).toMatchObject({ status: 'unknown', problems: [expect.stringContaining('the OCSP responder does not know this certificate')] });
    const post = await fetch(`${directory.url}/pki/ocsp`, { method: 'POST', body: 'not an OCSP request' });
    expect(post.headers.get('content-type')).toBe('application/ocsp-response');
    // OCSPResponse { responseStatus malformedRequest (1) }.
    expect(Buffer.from(await post.arrayBuffer()).toString('hex')).toBe('30030a0101');
  });

  it('issues a certificate that expires soon, replacing the current one without revoking it', async () => {
    const bundle = await createSoftware();
    const after = await post<SoftwareBundle>(`${softwarePath(bundle)}/certificates/transport`, { validForDays: 5 }, 201);
    const renewed = certificate(after.transport.certificate_pem);
    expect(renewed.notAfter.getTime()).toBeLessThanOrEqual(Date.now() + 5 * DAY_MS);
    expect(renewed.notAfter.getTime()).toBeGreaterThan(Date.now() + 4 * DAY_MS);
    expect(after.transport.kid).not.toBe(bundle.transport.kid);
    expect(await checker()(certificate(bundle.transport.certificate_pem), issuer)).toMatchObject({ status: 'good' });
    const refused = await fetch(`${directory.url}${softwarePath(bundle)}/certificates/transport`, { method: 'POST', body: JSON.stringify({ validForDays: 0 }) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'invalid_request', error_description: '"validForDays" must be a whole number of days from 1 to 825' });
  });

  it('revokes an earlier certificate of the software given by its PEM, and no certificate of another software', async () => {
    const bundle = await createSoftware();
    const after = await post<SoftwareBundle>(`${softwarePath(bundle)}/certificates/transport`, {}, 201);
    await post(`${softwarePath(bundle)}/certificates/transport/revoke`, { reason: 'superseded', certificate_pem: bundle.transport.certificate_pem });
    expect(await checker()(certificate(bundle.transport.certificate_pem), issuer)).toMatchObject({ status: 'revoked', reason: 'superseded' });
    expect(await checker()(certificate(after.transport.certificate_pem), issuer)).toMatchObject({ status: 'good' });
    const other = await createSoftware();
    const refused = await post<{ error_description: string }>(`${softwarePath(bundle)}/certificates/transport/revoke`, { certificate_pem: other.transport.certificate_pem }, 400);
    expect(refused.error_description).toBe('"certificate_pem" is not a certificate the sandbox CA issued to this software');
    expect(await checker()(certificate(other.transport.certificate_pem), issuer)).toMatchObject({ status: 'good' });
  });

  it('loads a state written before the CA kept revocations', async () => {
    await directory.stop();
    const statePath = path.join(directory.dataDir, 'directory', 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { certificateAuthority: Record<string, unknown> };
    delete state.certificateAuthority.revoked;
    await writeFile(statePath, JSON.stringify(state));
    directory = await directory.restart();
    const crl = new x509.X509Crl(await (await fetch(`${directory.url}/pki/issuing-ca.crl`)).arrayBuffer());
    expect(crl.entries).toHaveLength(0);
  });
});
