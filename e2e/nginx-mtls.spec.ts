import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E } from './support/e2e-environment';
import { ORG_IDS } from './support/fixtures';
import { nginxRequest, startNginxTerminator, TppSoftwareThroughNginx, type NginxTerminator } from './support/nginx-terminator';
import { recordObservedSecret } from './support/server-logs';
import { createSoftwareBundle, type ApiResponse } from './support/tpp-software';

// Issue 6 item 5: a real TLS terminator. nginx (the Debian package) runs scripts/nginx/onboard-mtls.conf as
// README "Mutual TLS" documents it, with only the CHANGE-ME values filled in, in front of the e2e portal.

let nginx: NginxTerminator;
let acme: TppSoftwareThroughNginx;

test.beforeAll(async () => {
  nginx = await startNginxTerminator();
  acme = new TppSoftwareThroughNginx(await createSoftwareBundle(ORG_IDS.acme, { client_name: 'Acme nginx App' }), nginx);
});

test.afterAll(async () => {
  await nginx?.stop();
});

function expectPortalError(response: ApiResponse, status: number, error: string, description: string): void {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: { error, error_description: description } });
  expect(response.headers['cache-control']).toBe('no-store');
  // Answered by the portal, not by nginx: it carries the portal's request id.
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
}

test('DCR through nginx: register with a directory transport certificate, get a token, read the registration', async () => {
  const registered = await acme.register(await acme.sign(acme.registrationClaims()));
  expect(registered.status, registered.text).toBe(201);
  const body = registered.body as Record<string, unknown>;
  expect(body).toMatchObject({ software_id: acme.bundle.software_id, org_id: ORG_IDS.acme, token_endpoint_auth_method: 'private_key_jwt' });
  expect(registered.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const clientId = String(body.client_id);

  const token = await acme.accessToken(clientId);
  recordObservedSecret('access token issued through nginx', token);
  const retrieved = await acme.manage('GET', clientId, token);
  expect(retrieved.status, retrieved.text).toBe(200);
  expect(retrieved.body).toEqual(body);
  expect(retrieved.headers['cache-control']).toBe('no-store');
});

test('without a certificate, or with one the directory CA did not issue, the portal answers its JSON error', async () => {
  const claims = async () => acme.sign(acme.registrationClaims());
  expectPortalError(await acme.register(await claims(), { credentials: null }), 400, 'invalid_software_statement', 'no client certificate was presented over mutual TLS');
  // nginx's error_page 495 route: the certificate failed verification, so it is not forwarded.
  const tlsDir = path.join(E2E.dataDir, 'nginx', 'tls');
  const unknownIssuer = { cert: readFileSync(path.join(tlsDir, 'server.pem'), 'utf8'), key: readFileSync(path.join(tlsDir, 'server-key.pem'), 'utf8') };
  expectPortalError(await acme.register(await claims(), { credentials: unknownIssuer }), 400, 'invalid_software_statement', 'no client certificate was presented over mutual TLS');
  expectPortalError(await acme.token('no-such-client', { credentials: null }), 401, 'invalid_client', 'a client certificate is required');
});

test('a certificate header sent by the client is discarded by nginx', async () => {
  const forged = { 'content-type': 'application/jwt', 'x-ssl-client-cert': encodeURIComponent(acme.bundle.transport.certificate_pem) };
  // No certificate in the handshake, the transport certificate in the header: nginx sends no header at all.
  const throughNginx = await nginxRequest(nginx, 'POST', '/register', await acme.sign(acme.registrationClaims()), forged, null);
  expectPortalError(throughNginx, 400, 'invalid_software_statement', 'no client certificate was presented over mutual TLS');
  // The same header with nginx's proxy secret is what the API host honours: the discarding above is what stopped it.
  const secrets = JSON.parse(readFileSync(path.join(E2E.dataDir, 'secrets.json'), 'utf8')) as { mtlsProxySecret: string };
  const direct = await fetch(`${E2E.apiPlainUrl}/register`, {
    method: 'POST',
    headers: { ...forged, 'x-onboard-mtls-proxy-secret': secrets.mtlsProxySecret },
    body: await acme.sign(acme.registrationClaims()),
  });
  expect(direct.status).toBe(201);
});

test('other paths get the API host\'s JSON 404 through nginx, as over its own mutual TLS', async () => {
  const response = await nginxRequest(nginx, 'GET', '/applications', null, {}, null);
  expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: { error: 'invalid_request', error_description: 'not found' } });
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['x-request-id']).toBeUndefined();
});
