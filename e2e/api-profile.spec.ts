import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { E2E } from './support/e2e-environment';
import { ORG_IDS, expect, test } from './support/fixtures';

// The API page publishes the bank's DCR profile for this deployment, /openapi.json describes the same API,
// and the worked example on the page runs, exactly as shown, against the product over real mutual TLS.

type ShownStep = { id: string; language: string; file: string | null; code: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('the API page states the endpoints, aud and scopes of this deployment', async ({ page }) => {
  await page.goto('/api-docs');
  await expect(page.getByRole('heading', { level: 1, name: 'Dynamic client registration API' })).toBeVisible();
  for (const name of ['Endpoints', 'The registration request', 'Scopes per role', 'Tokens and client authentication', 'Mutual TLS', 'Errors', 'Worked example']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }

  const endpoints = page.getByRole('table', { name: 'Endpoints of the DCR API' });
  for (const [operation, url] of [
    ['POST /register', `${E2E.mtlsUrl}/register`],
    ['GET /register/{clientId}', `${E2E.mtlsUrl}/register/{clientId}`],
    ['PUT /register/{clientId}', `${E2E.mtlsUrl}/register/{clientId}`],
    ['DELETE /register/{clientId}', `${E2E.mtlsUrl}/register/{clientId}`],
    ['POST /token', `${E2E.mtlsUrl}/token`],
  ] as const) {
    await expect(endpoints.getByRole('row', { name: new RegExp(`^${escape(operation)} `) })).toContainText(url);
  }

  // The e2e portal's limits (e2e-environment.ts), far above what the suite sends.
  await expect(page.getByTestId('rate-limits')).toContainText(
    '/register and /register/{clientId} 60000 requests a minute; /token 60000 requests a minute.',
  );

  const format = page.getByTestId('registration-format');
  await expect(format).toContainText('application/jwt or application/jose');
  await expect(format).toContainText(`aud: ${E2E.aspspOrgId} or ${E2E.portalUrl}`);
  await expect(format).toContainText('Signed PS256 or ES256');

  const scopes = page.getByRole('table', { name: 'Scopes each directory role allows' });
  for (const [role, allowed] of [
    ['AISP', 'openid accounts'],
    ['PISP', 'openid payments'],
    ['CBPII', 'openid fundsconfirmations'],
  ] as const) {
    await expect(scopes.getByRole('row', { name: new RegExp(`^${role} `) })).toContainText(allowed);
  }

  const errors = page.getByRole('table', { name: 'Error codes, HTTP statuses and when they are answered' });
  await expect(errors.getByRole('row', { name: /^invalid_client 401 / })).toBeVisible();
  await expect(errors.getByRole('row', { name: /^unapproved_software_statement 400 / })).toBeVisible();
  await expect(errors.getByRole('row', { name: /^access_denied 403 / })).toBeVisible();

  const authMethods = page.getByRole('table', { name: 'Token endpoint authentication methods' });
  await expect(authMethods.getByRole('row', { name: /^client_secret_basic refused / })).toBeVisible();
  await expect(page.getByTestId('mtls-facts')).toContainText(`${E2E.sandboxDirectoryUrl}/ca/bundle.pem`);
  await expect(page.getByTestId('mtls-facts')).toContainText(path.resolve(E2E.dataDir, 'mtls', 'ca.pem'));
  await expect(page.getByRole('link', { name: `${E2E.portalUrl}/openapi.json` })).toHaveAttribute('href', `${E2E.portalUrl}/openapi.json`);
  await expect(page.getByRole('link', { name: `${E2E.mtlsUrl}/.well-known/openid-configuration` })).toBeVisible();

  // Signed out, the sandbox step asks for the organisation id.
  await expect(page.getByTestId('worked-example-step').first()).toContainText(`${E2E.sandboxDirectoryUrl}/api/organisations/<org_id>/software`);
});

test('/openapi.json is an OpenAPI 3.1 document of the mTLS API', async ({ request }) => {
  const response = await request.get('/openapi.json');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('public, max-age=300');
  expect(response.headers()['content-type']).toContain('application/json');
  const document = (await response.json()) as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe('3.1.0');
  expect(document.servers.map((server) => server.url)).toEqual([E2E.mtlsUrl]);
  expect(Object.fromEntries(Object.entries(document.paths).map(([pathname, item]) => [pathname, Object.keys(item).filter((key) => key !== 'parameters')]))).toEqual({
    '/register': ['post'],
    '/register/{clientId}': ['get', 'put', 'delete'],
    '/token': ['post'],
  });
});

test('the worked example on the page registers a client, gets a token and reads the registration', async ({ acmePage }, testInfo) => {
  await acmePage.goto('/api-docs');
  const steps: ShownStep[] = await acmePage.getByTestId('worked-example-step').evaluateAll((items) =>
    items.map((item) => {
      const block = item.querySelector('[data-testid="code-block"]');
      return {
        id: item.getAttribute('data-step') ?? '',
        language: block?.getAttribute('data-language') ?? '',
        file: block?.getAttribute('data-file') ?? null,
        code: block?.querySelector('code')?.textContent ?? '',
      };
    }),
  );
  expect(steps.map((step) => [step.id, step.language])).toEqual([
    ['software', 'shell'],
    ['sign', 'javascript'],
    ['register', 'shell'],
    ['token', 'shell'],
    ['read', 'shell'],
    ['delete', 'shell'],
  ]);
  // Signed in, the page fills in the user's organisation.
  expect(steps[0]?.code).toContain(`/api/organisations/${ORG_IDS.acme}/software`);

  // A TPP's folder: the signing script imports jose from a node_modules beside it, as after `npm install jose`.
  const folder = testInfo.outputPath('worked-example');
  mkdirSync(folder, { recursive: true });
  symlinkSync(path.resolve('node_modules'), path.join(folder, 'node_modules'), 'dir');
  const outputs: Record<string, string[]> = {};
  for (const step of steps) {
    if (step.file) {
      writeFileSync(path.join(folder, step.file), step.code);
      continue;
    }
    const stdout = execFileSync('bash', ['-c', `set -euo pipefail\n${step.code}`], { cwd: folder, encoding: 'utf8', timeout: 30_000 });
    outputs[step.id] = stdout.trim().split('\n');
    await testInfo.attach(`${step.id}.txt`, { body: `$ ${step.code}\n${stdout}`, contentType: 'text/plain' });
  }

  const registration = JSON.parse(readFileSync(path.join(folder, 'registration.json'), 'utf8')) as Record<string, unknown>;
  expect(outputs.register).toEqual(['201', registration.client_id]);
  expect(registration.client_id).toMatch(UUID);
  expect(registration).toMatchObject({ org_id: ORG_IDS.acme, token_endpoint_auth_method: 'tls_client_auth', scope: 'openid accounts payments' });
  expect(outputs.token).toEqual(['200', 'accounts payments']);
  const token = JSON.parse(readFileSync(path.join(folder, 'token.json'), 'utf8')) as Record<string, unknown>;
  expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
  expect(outputs.read).toEqual(['200', registration.client_id]);
  expect(JSON.parse(readFileSync(path.join(folder, 'client.json'), 'utf8'))).toEqual(registration);
  expect(outputs.delete).toEqual(['204']);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
