import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E } from './support/e2e-environment';
import { ORG_IDS, test as portalTest } from './support/fixtures';
import { createSoftwareBundle, mtlsRequest, TppSoftware } from './support/tpp-software';

// Every refusal OB-RULES implies for POST /register, over real TLS, each compared as a whole error body.

let acme: TppSoftware;
let acmeAispOnly: TppSoftware;
let acmeProduction: TppSoftware;
let budget: TppSoftware;

test.beforeAll(async () => {
  [acme, acmeAispOnly, acmeProduction, budget] = await Promise.all([
    createSoftwareBundle(ORG_IDS.acme, { redirect_uris: ['https://acme.example/cb'] }),
    createSoftwareBundle(ORG_IDS.acme, { roles: ['AISP'] }),
    createSoftwareBundle(ORG_IDS.acme, { environment: 'production' }),
    createSoftwareBundle(ORG_IDS.budgetBuddy),
  ]).then((bundles) => bundles.map((bundle) => new TppSoftware(bundle)) as [TppSoftware, TppSoftware, TppSoftware, TppSoftware]);
});

type Case = {
  name: string;
  /** Builds the request body (and optionally options) for the software under test. */
  body: () => Promise<string>;
  options?: () => Parameters<TppSoftware['register']>[1];
  status?: number;
  error: string;
  /** The exact `error_description`; a function when it names something created at run time. */
  description: string | (() => string);
};

const unsigned = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

const CASES: Case[] = [
  {
    name: 'no client certificate',
    body: async () => acme.sign(acme.registrationClaims()),
    options: () => ({ credentials: null }),
    error: 'invalid_software_statement',
    description: 'no client certificate was presented over mutual TLS',
  },
  {
    name: 'a transport certificate of other software',
    body: async () => acme.sign(acme.registrationClaims()),
    options: () => ({ credentials: { cert: budget.bundle.transport.certificate_pem, key: budget.bundle.transport.private_key_pem } }),
    error: 'invalid_software_statement',
    description: 'the transport certificate\'s subject does not name the software statement\'s "software_id" and "org_id"',
  },
  { name: 'content type application/json', body: async () => acme.sign(acme.registrationClaims()), options: () => ({ contentType: 'application/json' }), error: 'invalid_client_metadata', description: '"Content-Type" must be application/jwt or application/jose; got "application/json"' },
  { name: 'a body that is not a JWT', body: async () => 'hello', error: 'invalid_client_metadata', description: 'registration request must be a compact JWS: three base64url parts separated by "."' },
  { name: 'an unsigned request (alg none)', body: async () => unsigned(acme.registrationClaims()), error: 'invalid_client_metadata', description: 'registration request is unsigned ("alg" is "none"); it must be signed PS256 or ES256' },
  { name: 'a request without kid', body: async () => acme.sign(acme.registrationClaims(), { kid: undefined }), error: 'invalid_client_metadata', description: 'registration request header has no "kid"' },
  { name: 'no software statement', body: async () => acme.sign(acme.registrationClaims({ software_statement: undefined })), error: 'invalid_software_statement', description: '"software_statement" is missing' },
  {
    name: 'a tampered software statement',
    body: async () => {
      const [header, payload, signature] = acme.bundle.ssa.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      const tampered = [header, Buffer.from(JSON.stringify({ ...claims, software_roles: ['AISP', 'PISP', 'CBPII'] })).toString('base64url'), signature].join('.');
      return acme.sign(acme.registrationClaims({ software_statement: tampered }));
    },
    error: 'invalid_software_statement',
    description: 'software statement signature verification failed',
  },
  { name: "an SSA for an environment the bank doesn't accept", body: async () => acmeProduction.sign(acmeProduction.registrationClaims()), options: () => ({ credentials: { cert: acmeProduction.bundle.transport.certificate_pem, key: acmeProduction.bundle.transport.private_key_pem } }), error: 'unapproved_software_statement', description: '"software_environment" must be "sandbox"; got "production"' },
  { name: 'a request signed by a key not in the software JWKS', body: async () => budget.sign(acme.registrationClaims(), { kid: acme.bundle.signing.kid }), error: 'invalid_client_metadata', description: 'registration request signature verification failed' },
  { name: 'software_id of other software', body: async () => acme.sign(acme.registrationClaims({ software_id: budget.bundle.software_id })), error: 'invalid_client_metadata', description: () => `"software_id" must be the software statement's "software_id"; got "${budget.bundle.software_id}"` },
  { name: 'an aud of another bank', body: async () => acme.sign(acme.registrationClaims({ aud: '0015800001OTHERBNK' })), error: 'invalid_client_metadata', description: `"aud" must include "${E2E.aspspOrgId}" or "${E2E.portalUrl}"` },
  { name: 'no iat', body: async () => acme.sign(acme.registrationClaims({ iat: undefined })), error: 'invalid_client_metadata', description: '"iat" is missing' },
  { name: 'no jti', body: async () => acme.sign(acme.registrationClaims({ jti: undefined })), error: 'invalid_client_metadata', description: '"jti" is missing' },
  { name: 'a redirect URI outside the SSA', body: async () => acme.sign(acme.registrationClaims({ redirect_uris: ['https://evil.example/cb'] })), error: 'invalid_redirect_uri', description: '"redirect_uris" must be a subset of the software statement\'s "software_redirect_uris"; got "https://evil.example/cb"' },
  { name: 'an http redirect URI', body: async () => acme.sign(acme.registrationClaims({ redirect_uris: ['http://acme.example/cb'] })), error: 'invalid_redirect_uri', description: '"redirect_uris" must use https; got "http://acme.example/cb"' },
  { name: 'client_secret_basic over DCR', body: async () => acme.sign(acme.registrationClaims({ token_endpoint_auth_method: 'client_secret_basic' })), error: 'invalid_client_metadata', description: '"token_endpoint_auth_method" must be one of private_key_jwt, tls_client_auth; got "client_secret_basic"' },
  { name: 'tls_client_auth without a subject DN', body: async () => acme.sign(acme.registrationClaims({ token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_signing_alg: undefined })), error: 'invalid_client_metadata', description: '"tls_client_auth_subject_dn" is required with "tls_client_auth"' },
  { name: 'private_key_jwt without a signing alg', body: async () => acme.sign(acme.registrationClaims({ token_endpoint_auth_signing_alg: undefined })), error: 'invalid_client_metadata', description: '"token_endpoint_auth_signing_alg" is required with "private_key_jwt"' },
  { name: 'the implicit grant', body: async () => acme.sign(acme.registrationClaims({ grant_types: ['implicit'] })), error: 'invalid_client_metadata', description: '"grant_types" must contain only authorization_code, client_credentials or refresh_token; got "implicit"' },
  { name: 'id tokens signed RS256', body: async () => acme.sign(acme.registrationClaims({ id_token_signed_response_alg: 'RS256' })), error: 'invalid_client_metadata', description: '"id_token_signed_response_alg" must be PS256 or ES256; got "RS256"' },
  { name: 'unsigned request objects', body: async () => acme.sign(acme.registrationClaims({ request_object_signing_alg: 'none' })), error: 'invalid_client_metadata', description: '"request_object_signing_alg" must be PS256 or ES256; got "none"' },
  { name: 'a scope the roles do not allow', body: async () => acmeAispOnly.sign(acmeAispOnly.registrationClaims({ scope: 'openid payments' })), options: () => ({ credentials: { cert: acmeAispOnly.bundle.transport.certificate_pem, key: acmeAispOnly.bundle.transport.private_key_pem } }), error: 'invalid_client_metadata', description: '"scope" must contain only scopes the software statement\'s roles allow (openid, accounts); got "payments"' },
  { name: 'application_type native', body: async () => acme.sign(acme.registrationClaims({ application_type: 'native' })), error: 'invalid_client_metadata', description: '"application_type" must be "web" or "mobile"; got "native"' },
  { name: 'a body over 128 KiB', body: async () => 'a'.repeat(129 * 1024), status: 413, error: 'payload_too_large', description: 'registration request exceeds 128 KiB' },
];

portalTest('every refused registration answers its RFC 7591 error, and nothing is created', async ({ acmePage: page }) => {
  await page.goto('/applications');
  const clientsBefore = await page.getByRole('row').count();
  const answers = [];
  for (const testCase of CASES) {
    // The software statement's software signs for its own certificate unless a case says otherwise.
    const response = await acme.register(await testCase.body(), testCase.options?.());
    answers.push({ name: testCase.name, status: response.status, body: response.body, cacheControl: response.headers['cache-control'] });
  }
  expect(answers).toEqual(
    CASES.map((testCase) => ({
      name: testCase.name,
      status: testCase.status ?? 400,
      body: { error: testCase.error, error_description: typeof testCase.description === 'function' ? testCase.description() : testCase.description },
      cacheControl: 'no-store',
    })),
  );
  await page.reload();
  expect(await page.getByRole('row').count()).toBe(clientsBefore);
});

test('the same jti twice: the first registers, the replay is refused', async () => {
  const body = await acme.sign(acme.registrationClaims({ jti: randomUUID().toUpperCase() }));
  expect((await acme.register(body)).status).toBe(201);
  const replay = await acme.register(body);
  expect({ status: replay.status, body: replay.body }).toEqual({
    status: 400,
    body: { error: 'invalid_client_metadata', error_description: '"jti" has been used before; the registration request is a replay' },
  });
});

test('a forged certificate header sent to the API host\'s plain listener without the proxy secret is refused', async ({ request }) => {
  const response = await request.post(`${E2E.apiPlainUrl}/register`, {
    headers: { 'content-type': 'application/jwt', 'x-ssl-client-cert': encodeURIComponent(acme.bundle.transport.certificate_pem) },
    data: await acme.sign(acme.registrationClaims()),
  });
  expect({ status: response.status(), body: await response.json() }).toEqual({
    status: 403,
    body: { error: 'untrusted_proxy', error_description: 'requests must come through the mutual TLS endpoint' },
  });
});

test('the portal serves none of the API: it lives on the API host', async ({ request }) => {
  for (const path of ['/api/mtls/register', '/api/mtls/token']) {
    expect((await request.post(`${E2E.portalUrl}${path}`, { data: 'x' })).status(), path).toBe(404);
  }
});

test('the token endpoint refuses an unknown client id and a missing certificate', async () => {
  const unknown = await acme.token(randomUUID());
  expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } });
  const response = await acme.register(await acme.sign(acme.registrationClaims()));
  const clientId = String((response.body as { client_id: string }).client_id);
  const noCertificate = await acme.token(clientId, { credentials: null });
  expect({ status: noCertificate.status, body: noCertificate.body }).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'a client certificate is required' } });
  const ok = await acme.token(clientId);
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'accounts' });
});

test('paths outside the DCR API are not served on the mTLS endpoint', async () => {
  const response = await mtlsRequest('GET', '/api/auth/session', null, {}, null);
  expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: { error: 'invalid_request', error_description: 'not found' } });
});

portalTest('a client registered over DCR appears in its organisation\'s My applications', async ({ acmePage: page }) => {
  const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme, { client_name: 'Acme Robot' }));
  const response = await software.register(await software.sign(software.registrationClaims()));
  expect(response.status, response.text).toBe(201);
  const clientId = String((response.body as { client_id: string }).client_id);
  await page.goto('/applications');
  const row = page.getByRole('row').filter({ hasText: clientId });
  await expect(row).toContainText('Acme Robot');
  await expect(row).toContainText('API (DCR)');
  await row.getByRole('link', { name: 'Acme Robot' }).click();
  await expect(page.getByTestId('client-metadata')).toContainText('over the API (DCR)');
  await expect(page.getByTestId('validation-report')).toContainText('All');
});
