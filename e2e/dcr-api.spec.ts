import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E } from './support/e2e-environment';
import { ORG_IDS } from './support/fixtures';
import { createSoftwareBundle, mtlsRequest, TppSoftware, type ApiResponse } from './support/tpp-software';

// OB DCR v3.3 over real TLS, through the embedded TLS terminator, with software and certificates
// issued by the sandbox directory. Scenario ids follow the OB DCR conformance tool.

let acme: TppSoftware;
let budget: TppSoftware;

test.beforeAll(async () => {
  [acme, budget] = await Promise.all([
    createSoftwareBundle(ORG_IDS.acme, { client_name: 'Acme DCR App' }).then((bundle) => new TppSoftware(bundle)),
    createSoftwareBundle(ORG_IDS.budgetBuddy).then((bundle) => new TppSoftware(bundle)),
  ]);
});

async function registerClient(software: TppSoftware, overrides: Record<string, unknown> = {}): Promise<{ clientId: string; body: Record<string, unknown> }> {
  const response = await software.register(await software.sign(software.registrationClaims(overrides)));
  expect(response.status, response.text).toBe(201);
  const body = response.body as Record<string, unknown>;
  return { clientId: String(body.client_id), body };
}

function expectError(response: ApiResponse, status: number, error: string, description: string): void {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: { error, error_description: description } });
  expect(response.headers['cache-control']).toBe('no-store');
  // The portal's own request id, to quote to the bank's support.
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
}

test.describe('OB DCR conformance scenarios', () => {
  test('DCR-001 discovery at MTLS_URL advertises the mTLS registration and token endpoints', async () => {
    // Discovery needs no client certificate: a TPP reads it before it has registered anything.
    const response = await mtlsRequest('GET', '/.well-known/openid-configuration', null, {}, null);
    expect(response.status).toBe(200);
    const configuration = response.body as Record<string, unknown>;
    expect(configuration.issuer).toBe(E2E.mtlsUrl);
    expect(configuration.registration_endpoint).toBe(`${E2E.mtlsUrl}/register`);
    expect(configuration.token_endpoint).toBe(`${E2E.mtlsUrl}/token`);
    expect(configuration.mtls_endpoint_aliases).toMatchObject({ registration_endpoint: `${E2E.mtlsUrl}/register`, token_endpoint: `${E2E.mtlsUrl}/token` });
    expect(configuration.tls_client_certificate_bound_access_tokens).toBe(true);
  });

  test('DCR-002 dynamically create a new software client, get a token, delete it', async () => {
    const { clientId, body } = await registerClient(acme);
    expect(body).toMatchObject({
      client_id: clientId,
      software_id: acme.bundle.software_id,
      org_id: ORG_IDS.acme,
      software_statement: acme.bundle.ssa,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
      redirect_uris: ['https://acme-dcr-app.example/callback'],
      response_types: ['code id_token'],
      scope: 'openid accounts',
      application_type: 'web',
    });
    expect(typeof body.client_id_issued_at).toBe('number');
    const token = await acme.accessToken(clientId);
    expect((await acme.manage('DELETE', clientId, token)).status).toBe(204);
  });

  test('DCR-003 delete is supported, and a deleted client answers 401', async () => {
    const { clientId } = await registerClient(acme);
    const token = await acme.accessToken(clientId);
    const deleted = await acme.manage('DELETE', clientId, token);
    expect(deleted.status).toBe(204);
    expectError(await acme.manage('GET', clientId, token), 401, 'invalid_token', 'access token is invalid, expired or revoked');
    expectError(await acme.token(clientId), 401, 'invalid_client', 'client authentication failed');
  });

  test('DCR-004 invalid registration requests fail', async () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['expired claims', { exp: Math.floor(Date.now() / 1000) - 3600 }, 'invalid_client_metadata', '"exp" is in the past; the registration request has expired'],
      ['invalid issuer', { iss: 'foo.is/invalid' }, 'invalid_client_metadata', '"iss" must be the software statement\'s "software_id"; got "foo.is/invalid"'],
      ['empty issuer', { iss: '' }, 'invalid_client_metadata', '"iss" must be the software statement\'s "software_id"; got ""'],
      ['issuer too long', { iss: '123456789012345678901234567890' }, 'invalid_client_metadata', '"iss" must be the software statement\'s "software_id"; got "123456789012345678901234567890"'],
      ['RS256 token endpoint signing', { token_endpoint_auth_signing_alg: 'RS256' }, 'invalid_client_metadata', '"token_endpoint_auth_signing_alg" must be PS256 or ES256; got "RS256"'],
    ];
    const answers = [];
    for (const [label, overrides] of cases) {
      const response = await acme.register(await acme.sign(acme.registrationClaims(overrides)));
      answers.push([label, response.status, response.body]);
    }
    expect(answers).toEqual(cases.map(([label, , error, error_description]) => [label, 400, { error, error_description }]));
  });

  test('DCR-005 dynamically retrieve a new software client', async () => {
    const { clientId, body } = await registerClient(acme);
    const token = await acme.accessToken(clientId);
    const retrieved = await acme.manage('GET', clientId, token);
    expect(retrieved.status).toBe(200);
    expect(retrieved.body).toEqual(body);
    expect(retrieved.headers['cache-control']).toBe('no-store');
  });

  test("DCR-006 another client's token cannot read a registration", async () => {
    const mine = await registerClient(acme);
    const theirs = await registerClient(budget);
    const theirToken = await budget.accessToken(theirs.clientId);
    expectError(await budget.manage('GET', mine.clientId, theirToken), 403, 'access_denied', 'the access token was issued to another client');
    expect((await acme.manage('GET', mine.clientId, await acme.accessToken(mine.clientId))).status).toBe(200);
  });

  test('DCR-007 invalid credentials cannot retrieve a client', async () => {
    const { clientId } = await registerClient(acme);
    expectError(await acme.manage('GET', clientId, null), 401, 'invalid_token', 'a bearer access token is required');
    expectError(await acme.manage('GET', clientId, 'not-a-token'), 401, 'invalid_token', 'access token is invalid, expired or revoked');
    const token = await acme.accessToken(clientId);
    // RFC 8705: the token is bound to the certificate it was issued to.
    const otherCertificate = { cert: budget.bundle.transport.certificate_pem, key: budget.bundle.transport.private_key_pem };
    expectError(
      await acme.call('GET', `/register/${clientId}`, null, { authorization: `Bearer ${token}` }, otherCertificate),
      401,
      'invalid_token',
      'access token is not bound to the presented certificate',
    );
  });

  test('DCR-008 update a registered client', async () => {
    const { clientId } = await registerClient(acme);
    const token = await acme.accessToken(clientId);
    const updated = await acme.manage('PUT', clientId, token, await acme.sign(acme.registrationClaims({ scope: 'openid payments', application_type: 'mobile' })));
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ client_id: clientId, scope: 'openid payments', application_type: 'mobile' });
    expect((await acme.manage('GET', clientId, token)).body).toMatchObject({ scope: 'openid payments' });
  });

  test('DCR-009 updating a deleted client is unauthorized', async () => {
    const { clientId } = await registerClient(acme);
    const token = await acme.accessToken(clientId);
    expect((await acme.manage('DELETE', clientId, token)).status).toBe(204);
    const response = await acme.manage('PUT', clientId, token, await acme.sign(acme.registrationClaims()));
    expectError(response, 401, 'invalid_token', 'access token is invalid, expired or revoked');
  });

  test('DCR-010 retrieving an unknown client is unauthorized and revokes the token', async () => {
    const { clientId } = await registerClient(acme);
    const token = await acme.accessToken(clientId);
    expectError(await acme.manage('GET', randomUUID(), token), 401, 'invalid_token', 'unknown client id; the presented access token has been revoked');
    expectError(await acme.manage('GET', clientId, token), 401, 'invalid_token', 'access token is invalid, expired or revoked');
  });

  test('DCR-011 invalid response_types are refused', async () => {
    const response = await acme.register(await acme.sign(acme.registrationClaims({ response_types: ['id_token', 'token'] })));
    expectError(response, 400, 'invalid_client_metadata', '"response_types" must contain only "code" or "code id_token"; got "id_token"');
  });
});
