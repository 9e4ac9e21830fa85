import { readFile } from 'node:fs/promises';
import { createPrivateKey, X509Certificate as NodeX509Certificate } from 'node:crypto';
import path from 'node:path';

import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, importPKCS8, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatDistinguishedName } from '@/lib/certificates/format-distinguished-name';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { readPsd2Attributes } from '@/lib/certificates/read-psd2-attributes';

import { x509 } from './pki/x509';
import type { SoftwareBundle } from './software/build-software-bundle';
import { startTestDirectory, TEST_BANK_ORG_ID, type TestDirectory } from './testing/start-test-directory';

const ACME = '0015800001ACMEPAYS';
const BUDGET = '0015800001BUDGETBD';

type Jwks = { keys: Array<Record<string, unknown> & { kid: string; use: string; x5c: string[] }> };

let directory: TestDirectory;

beforeAll(async () => {
  directory = await startTestDirectory();
});

afterAll(async () => {
  await directory?.dispose();
});

async function createSoftware(orgId: string, body: unknown = {}): Promise<SoftwareBundle> {
  const response = await post(`/api/organisations/${orgId}/software`, JSON.stringify(body));
  expect(response.status).toBe(201);
  return (await response.json()) as SoftwareBundle;
}

function post(pathname: string, body?: string): Promise<Response> {
  return fetch(`${directory.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

async function getJson<T>(pathname: string, status = 200): Promise<T> {
  const response = await fetch(`${directory.url}${pathname}`);
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

function verifySsa(ssa: string): Promise<{ payload: JWTPayload }> {
  return jwtVerify(ssa, createRemoteJWKSet(new URL(`${directory.url}/keystore/openbanking.jwks`)), {
    issuer: 'OpenBanking Ltd',
    algorithms: ['PS256'],
  });
}

function derBase64(pem: string): string {
  return Buffer.from(new x509.X509Certificate(pem).rawData).toString('base64');
}

describe('software statements', () => {
  it('issues an SSA, signed PS256 by a key in /keystore/openbanking.jwks, with every OB claim', async () => {
    const bundle = await createSoftware(ACME, { client_name: 'Acme Aggregator', redirect_uris: ['https://app.acme-payments.example/cb'] });
    expect(bundle.software_id).toMatch(/^[0-9A-Za-z]{22}$/);
    const { payload } = await verifySsa(bundle.ssa);
    const header = decodeProtectedHeader(bundle.ssa);
    const jwks = await getJson<Jwks>('/keystore/openbanking.jwks');
    expect(header).toEqual({ alg: 'PS256', kid: jwks.keys[0]?.kid, typ: 'JWT' });

    const keystore = `${directory.url}/keystore/${ACME}`;
    expect(payload).toEqual({
      iss: 'OpenBanking Ltd',
      iat: expect.any(Number),
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      software_environment: 'sandbox',
      software_mode: 'Test',
      software_id: bundle.software_id,
      software_client_id: bundle.software_id,
      software_client_name: 'Acme Aggregator',
      software_client_description: 'Acme Aggregator, by Acme Payments Ltd',
      software_version: '1.0',
      software_client_uri: 'https://acme-aggregator.example',
      software_redirect_uris: ['https://app.acme-payments.example/cb'],
      software_roles: ['AISP', 'PISP'],
      organisation_competent_authority_claims: {
        authority_id: 'FCAGBR',
        registration_id: '900001',
        status: 'Active',
        authorisations: [{ member_state: 'GB', roles: ['AISP', 'PISP'] }],
      },
      software_logo_uri: 'https://acme-aggregator.example/logo.png',
      org_status: 'Active',
      org_id: ACME,
      org_name: 'Acme Payments Ltd',
      org_contacts: [],
      org_jwks_endpoint: `${keystore}/${ACME}.jwks`,
      org_jwks_revoked_endpoint: `${keystore}/revoked/${ACME}.jwks`,
      software_jwks_endpoint: `${keystore}/${bundle.software_id}.jwks`,
      software_jwks_revoked_endpoint: `${keystore}/revoked/${bundle.software_id}.jwks`,
      software_policy_uri: 'https://acme-aggregator.example/privacy',
      software_tos_uri: 'https://acme-aggregator.example/terms',
      software_on_behalf_of_org: 'Acme Payments Ltd',
    });
    // Seconds, not milliseconds (OB-RULES: an iat in milliseconds is a known directory bug).
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    expect(bundle.jwks_endpoints).toEqual({
      org_jwks_endpoint: `${keystore}/${ACME}.jwks`,
      org_jwks_revoked_endpoint: `${keystore}/revoked/${ACME}.jwks`,
      software_jwks_endpoint: `${keystore}/${bundle.software_id}.jwks`,
      software_jwks_revoked_endpoint: `${keystore}/revoked/${bundle.software_id}.jwks`,
    });
  });

  it('defaults to all the organisation’s roles, a sandbox environment and an https redirect URI', async () => {
    const bundle = await createSoftware(BUDGET);
    const { payload } = await verifySsa(bundle.ssa);
    expect(payload).toMatchObject({
      software_client_name: 'Budget Buddy Ltd App 1',
      software_roles: ['AISP', 'CBPII'],
      software_environment: 'sandbox',
      software_mode: 'Test',
      software_redirect_uris: ['https://budget-buddy-ltd-app-1.example/callback'],
    });
  });

  it('issues production statements in Live mode with a subset of roles', async () => {
    const bundle = await createSoftware(ACME, { environment: 'production', roles: ['PISP'] });
    const { payload } = await verifySsa(bundle.ssa);
    expect(payload).toMatchObject({ software_environment: 'production', software_mode: 'Live', software_roles: ['PISP'] });
  });

  it('serves a freshly signed SSA as application/jwt', async () => {
    const bundle = await createSoftware(ACME);
    const response = await fetch(`${directory.url}/api/organisations/${ACME}/software/${bundle.software_id}/ssa`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jwt');
    const ssa = await response.text();
    const { payload } = await verifySsa(ssa);
    expect(payload.software_id).toBe(bundle.software_id);
    expect(payload.jti).not.toBe((await verifySsa(bundle.ssa)).payload.jti);
  });

  it('issues a transport certificate that chains to the CA bundle, with the OB subject and client-auth usage', async () => {
    const bundle = await createSoftware(ACME);
    const bundlePem = await readFile(path.join(directory.dataDir, 'directory', 'ca-bundle.pem'), 'utf8');
    expect(bundle.ca_bundle_pem).toBe(bundlePem);
    expect(await (await fetch(`${directory.url}/ca/bundle.pem`)).text()).toBe(bundlePem);

    const anchors = x509.PemConverter.decode(bundlePem).map((der) => new x509.X509Certificate(der));
    expect(anchors.map((certificate) => certificate.subject)).toEqual([
      'C=GB, O=OpenBanking, CN=OpenBanking Sandbox Issuing CA',
      'C=GB, O=OpenBanking, CN=OpenBanking Sandbox Root CA',
    ]);
    const [issuing, root] = anchors;
    const transport = new x509.X509Certificate(bundle.transport.certificate_pem);
    const chain = await new x509.X509ChainBuilder({ certificates: anchors }).build(transport);
    expect(chain.map((certificate) => certificate.subject)).toEqual([transport.subject, issuing?.subject, root?.subject]);
    expect(await transport.verify({ publicKey: issuing?.publicKey, signatureOnly: true })).toBe(true);
    expect(await issuing?.verify({ publicKey: root?.publicKey, signatureOnly: true })).toBe(true);
    expect(await root?.isSelfSigned()).toBe(true);
    // A certificate from another CA must not pass the same check.
    expect(await transport.verify({ publicKey: root?.publicKey, signatureOnly: true })).toBe(false);

    // RFC 4514 order is the reverse of the DER order: CN=<software_id>, OU=<org_id>, O=OpenBanking, C=GB.
    expect(new x509.Name(transport.subject).toJSON()).toEqual([{ C: ['GB'] }, { O: ['OpenBanking'] }, { OU: [ACME] }, { CN: [bundle.software_id] }]);
    const keyUsage = transport.getExtension(x509.KeyUsagesExtension);
    expect(keyUsage?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    expect(transport.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(transport.notAfter.getTime() - transport.notBefore.getTime()).toBeGreaterThan(364 * 24 * 60 * 60 * 1000);
    expect(new NodeX509Certificate(bundle.transport.certificate_pem).checkPrivateKey(createPrivateKey(bundle.transport.private_key_pem))).toBe(true);

    const signing = new x509.X509Certificate(bundle.signing.certificate_pem);
    expect(signing.subject).toBe(transport.subject);
    expect(signing.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(await signing.verify({ publicKey: issuing?.publicKey, signatureOnly: true })).toBe(true);
    expect(bundle.signing.private_key_pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('issues an OBWAC transport certificate on request, with the PSD2 statement granting the software roles, and keeps the profile for new ones', async () => {
    const bundle = await createSoftware(ACME, { roles: ['AISP'], certificate_profile: 'obwac' });
    const readPsd2 = (pem: string) => {
      const read = readCertificate(pem);
      return { subject: formatDistinguishedName(read.subject), psd2: readPsd2Attributes(read.certificate, read.subject) };
    };
    const expected = {
      subject: `CN=${ACME},2.5.4.97=PSDGB-OB-Unknown${ACME},O=Acme Payments Ltd,C=GB`,
      psd2: {
        kind: 'psd2',
        attributes: {
          roles: [{ oid: '0.4.0.19495.1.3', name: 'PSP_AI', obRole: 'AISP' }],
          ncaName: 'Financial Conduct Authority',
          ncaId: 'GB-FCA',
          organizationIdentifier: { value: `PSDGB-OB-Unknown${ACME}`, country: 'GB', nca: 'OB', reference: `Unknown${ACME}` },
        },
      },
    };
    expect(readPsd2(bundle.transport.certificate_pem)).toEqual(expected);
    // The signing certificate stays a legacy OB one: only TLS certificates are QWACs.
    expect(readPsd2(bundle.signing.certificate_pem).psd2).toEqual({ kind: 'none' });
    const renewed = await post(`/api/organisations/${ACME}/software/${bundle.software_id}/certificates/transport`, '{}');
    expect(renewed.status).toBe(201);
    expect(readPsd2(((await renewed.json()) as SoftwareBundle).transport.certificate_pem)).toEqual(expected);
  });

  it('publishes the software’s signing and transport keys with their certificate chains', async () => {
    const bundle = await createSoftware(ACME);
    const jwks = await getJson<Jwks>(`/keystore/${ACME}/${bundle.software_id}.jwks`);
    const issuingDer = derBase64(bundle.ca_bundle_pem);
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', kid: bundle.signing.kid, use: 'sig', alg: 'PS256', x5c: [derBase64(bundle.signing.certificate_pem), issuingDer] }),
      expect.objectContaining({ kty: 'RSA', kid: bundle.transport.kid, use: 'tls', x5c: [derBase64(bundle.transport.certificate_pem), issuingDer] }),
    ]);
    expect(jwks.keys[1]).not.toHaveProperty('alg');
    for (const key of jwks.keys) {
      expect(key).not.toHaveProperty('d');
      const thumbprint = Buffer.from(await new x509.X509Certificate(Buffer.from(key.x5c[0] ?? '', 'base64')).getThumbprint('SHA-256')).toString('base64url');
      expect(key['x5t#S256']).toBe(thumbprint);
    }
    // A JWS made with the downloaded signing key verifies against the published JWKS (as a registration JWT would).
    const jws = await new SignJWT({ iss: bundle.software_id })
      .setProtectedHeader({ alg: 'PS256', kid: bundle.signing.kid })
      .sign(await importPKCS8(bundle.signing.private_key_pem, 'PS256'));
    await expect(jwtVerify(jws, createLocalJWKSet(jwks as JSONWebKeySet))).resolves.toBeTruthy();

    expect(await getJson(`/keystore/${ACME}/revoked/${bundle.software_id}.jwks`)).toEqual({ keys: [] });
  });

  it('publishes every software key of the organisation and the issuing CA in the organisation JWKS', async () => {
    const bundle = await createSoftware(BUDGET);
    const jwks = await getJson<Jwks>(`/keystore/${BUDGET}/${BUDGET}.jwks`);
    const kids = jwks.keys.map((key) => key.kid);
    expect(kids).toEqual(expect.arrayContaining([bundle.signing.kid, bundle.transport.kid]));
    const listed = await getJson<Array<{ software_id: string }>>(`/api/organisations/${BUDGET}/software`);
    expect(jwks.keys).toHaveLength(listed.length * 2 + 1);
    const [issuingPem, rootPem] = x509.PemConverter.decode(bundle.ca_bundle_pem).map((der) => Buffer.from(der).toString('base64'));
    expect(jwks.keys.at(-1)).toMatchObject({ use: 'tls', x5c: [issuingPem, rootPem] });
    expect(await getJson(`/keystore/${BUDGET}/revoked/${BUDGET}.jwks`)).toEqual({ keys: [] });
  });

  it('lists and describes software without private keys', async () => {
    const bundle = await createSoftware(ACME);
    const listed = await getJson<Array<{ software_id: string }>>(`/api/organisations/${ACME}/software`);
    expect(listed.map((software) => software.software_id)).toContain(bundle.software_id);
    const described = await getJson<Record<string, unknown>>(`/api/organisations/${ACME}/software/${bundle.software_id}`);
    expect(described).toMatchObject({ software_id: bundle.software_id, org_id: ACME, environment: 'sandbox', roles: ['AISP', 'PISP'] });
    expect(JSON.stringify([listed, described])).not.toContain('PRIVATE KEY');
    const downloaded = await getJson<SoftwareBundle>(`/api/organisations/${ACME}/software/${bundle.software_id}/bundle`);
    expect(downloaded).toMatchObject({ software_id: bundle.software_id, signing: bundle.signing, transport: bundle.transport });
  });

  it('moves revoked keys to the revoked keystores and issues new ones', async () => {
    const before = await createSoftware(ACME);
    const response = await post(`/api/organisations/${ACME}/software/${before.software_id}/revoke-keys`);
    expect(response.status).toBe(200);
    const after = (await response.json()) as SoftwareBundle;
    expect(after.signing.kid).not.toBe(before.signing.kid);
    expect(after.transport.kid).not.toBe(before.transport.kid);

    const current = await getJson<Jwks>(`/keystore/${ACME}/${before.software_id}.jwks`);
    expect(current.keys.map((key) => key.kid)).toEqual([after.signing.kid, after.transport.kid]);
    const revoked = await getJson<Jwks>(`/keystore/${ACME}/revoked/${before.software_id}.jwks`);
    expect(revoked.keys.map((key) => [key.kid, key.use])).toEqual([
      [before.signing.kid, 'sig'],
      [before.transport.kid, 'tls'],
    ]);
    const orgRevoked = await getJson<Jwks>(`/keystore/${ACME}/revoked/${ACME}.jwks`);
    expect(orgRevoked.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([before.signing.kid, before.transport.kid]));
    const orgCurrent = await getJson<Jwks>(`/keystore/${ACME}/${ACME}.jwks`);
    expect(orgCurrent.keys.map((key) => key.kid)).not.toContain(before.signing.kid);
  });

  it('rotates the SSA signing key and keeps the old one published', async () => {
    const before = await createSoftware(ACME);
    const oldKid = decodeProtectedHeader(before.ssa).kid;
    const response = await post('/api/sandbox/ssa-signing-keys/rotate');
    expect(response.status).toBe(200);
    const { kid: newKid } = (await response.json()) as { kid: string };
    expect(newKid).not.toBe(oldKid);

    const jwks = await getJson<Jwks>('/keystore/openbanking.jwks');
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect(jwks.keys.every((key) => key.use === 'sig' && key.alg === 'PS256' && key.x5c.length === 2)).toBe(true);
    const fresh = await (await fetch(`${directory.url}/api/organisations/${ACME}/software/${before.software_id}/ssa`)).text();
    expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
    await expect(verifySsa(fresh)).resolves.toBeTruthy();
    await expect(verifySsa(before.ssa)).resolves.toBeTruthy();
  });

  it('lists the sandbox accounts for the portal’s Sandbox page', async () => {
    expect(await getJson('/api/sandbox/accounts')).toEqual([
      {
        email: 'alice@acme-payments.example',
        password: 'sandbox-alice',
        name: 'Alice Adams',
        tppAssociated: true,
        orgId: ACME,
        orgName: 'Acme Payments Ltd',
        roles: ['AISP', 'PISP'],
      },
      {
        email: 'bob@budget-buddy.example',
        password: 'sandbox-bob',
        name: 'Bob Brown',
        tppAssociated: true,
        orgId: BUDGET,
        orgName: 'Budget Buddy Ltd',
        roles: ['AISP', 'CBPII'],
      },
      { email: 'carol@example.com', password: 'sandbox-carol', name: 'Carol Clark', tppAssociated: false },
      { email: 'ada@onboard-bank.example', password: 'sandbox-ada', name: 'Ada Admin', tppAssociated: false, groups: ['onboard-admins', 'bank-staff'] },
      { email: 'sam@onboard-bank.example', password: 'sandbox-sam', name: 'Sam Staff', tppAssociated: false, groups: ['bank-staff'] },
    ]);
  });

  it('includes the bank as an ASPSP organisation', async () => {
    expect(await getJson(`/api/organisations/${TEST_BANK_ORG_ID}`)).toEqual({
      id: TEST_BANK_ORG_ID,
      name: 'Onboard Sandbox Bank',
      roles: ['ASPSP'],
      status: 'Active',
      registrationId: '900000',
    });
  });
});

describe('refused requests', () => {
  const REDIRECT_ERROR = {
    error: 'invalid_redirect_uri',
    error_description: '"redirect_uris" must be https URLs that do not point at localhost or a loopback address',
  };
  it.each([
    { name: 'unknown organisation', orgId: '0015800001UNKNOWN1', body: '{}', status: 404, expected: { error: 'not_found', error_description: 'organisation "0015800001UNKNOWN1" not found' } },
    { name: 'role the organisation lacks', body: '{"roles":["CBPII"]}', status: 400, expected: { error: 'invalid_request', error_description: '"roles" must be a subset of the organisation\'s roles (AISP, PISP)' } },
    { name: 'unknown role', body: '{"roles":["XSP"]}', status: 400, expected: { error: 'invalid_request', error_description: '"roles" must be a non-empty array of "AISP", "PISP", "CBPII" or "ASPSP"' } },
    { name: 'empty roles', body: '{"roles":[]}', status: 400, expected: { error: 'invalid_request', error_description: '"roles" must be a non-empty array of "AISP", "PISP", "CBPII" or "ASPSP"' } },
    { name: 'http redirect URI', body: '{"redirect_uris":["http://app.example/cb"]}', status: 400, expected: REDIRECT_ERROR },
    { name: 'localhost redirect URI', body: '{"redirect_uris":["https://localhost/cb"]}', status: 400, expected: REDIRECT_ERROR },
    { name: 'IPv4 loopback redirect URI', body: '{"redirect_uris":["https://127.0.0.1:8443/cb"]}', status: 400, expected: REDIRECT_ERROR },
    { name: 'IPv6 loopback redirect URI', body: '{"redirect_uris":["https://[::1]/cb"]}', status: 400, expected: REDIRECT_ERROR },
    { name: 'not a URL', body: '{"redirect_uris":["app.example/cb"]}', status: 400, expected: REDIRECT_ERROR },
    { name: 'redirect URIs not an array', body: '{"redirect_uris":"https://app.example/cb"}', status: 400, expected: { error: 'invalid_request', error_description: '"redirect_uris" must be a non-empty array of strings' } },
    { name: 'unknown environment', body: '{"environment":"staging"}', status: 400, expected: { error: 'invalid_request', error_description: '"environment" must be "sandbox" or "production"' } },
    { name: 'unknown certificate profile', body: '{"certificate_profile":"qwac"}', status: 400, expected: { error: 'invalid_request', error_description: '"certificate_profile" must be "ob" (legacy OB) or "obwac" (an eIDAS QWAC with its PSD2 statement)' } },
    { name: 'empty client name', body: '{"client_name":"  "}', status: 400, expected: { error: 'invalid_request', error_description: '"client_name" must be a string of 1 to 100 characters' } },
    { name: 'unknown member', body: '{"redirectUris":[]}', status: 400, expected: { error: 'invalid_request', error_description: '"redirectUris" is not a recognised member' } },
    { name: 'array body', body: '[]', status: 400, expected: { error: 'invalid_request', error_description: 'request body must be a JSON object' } },
    { name: 'non-JSON body', body: 'client_name=x', status: 400, expected: { error: 'invalid_request', error_description: 'request body must be a JSON object' } },
  ])('refuses a create request with $name', async ({ orgId = ACME, body, status, expected }) => {
    const response = await post(`/api/organisations/${orgId}/software`, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(expected);
  });

  it.each([
    { pathname: `/keystore/0015800001UNKNOWN1/0015800001UNKNOWN1.jwks`, expected: { error: 'not_found', error_description: 'organisation "0015800001UNKNOWN1" not found' } },
    { pathname: `/keystore/${ACME}/NoSuchSoftware.jwks`, expected: { error: 'not_found', error_description: 'software "NoSuchSoftware" not found' } },
    { pathname: `/keystore/${ACME}/revoked/NoSuchSoftware.jwks`, expected: { error: 'not_found', error_description: 'software "NoSuchSoftware" not found' } },
    { pathname: `/keystore/nothing-here`, expected: { error: 'not_found', error_description: 'no such keystore' } },
    { pathname: `/api/organisations/${ACME}/software/NoSuchSoftware/ssa`, expected: { error: 'not_found', error_description: 'software "NoSuchSoftware" not found' } },
    { pathname: `/api/organisations/0015800001UNKNOWN1/software`, expected: { error: 'not_found', error_description: 'organisation "0015800001UNKNOWN1" not found' } },
  ])('answers 404 for $pathname', async ({ pathname, expected }) => {
    expect(await getJson(pathname, 404)).toEqual(expected);
  });

  it('does not let another organisation reach a software statement', async () => {
    const bundle = await createSoftware(ACME);
    expect(await getJson(`/api/organisations/${BUDGET}/software/${bundle.software_id}/bundle`, 404)).toEqual({
      error: 'not_found',
      error_description: `software "${bundle.software_id}" not found`,
    });
    expect(await getJson(`/keystore/${BUDGET}/${bundle.software_id}.jwks`, 404)).toEqual({
      error: 'not_found',
      error_description: `software "${bundle.software_id}" not found`,
    });
  });
});
