import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifyLogoutToken } from '@/lib/auth/verify-logout-token';
import { beginSignIn, followToCallback, redeemCode, submitCredentials } from './testing/authorization-flow';
import { startTestDirectory, TEST_CLIENT, type TestDirectory } from './testing/start-test-directory';

const ACME = '0015800001ACMEPAYS';

// The relying party's back-channel logout endpoint: records what the directory posts, answers 200.
let receiver: Server;
const received: Array<{ contentType: string | undefined; body: string }> = [];
let directory: TestDirectory;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ contentType: request.headers['content-type'], body });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  directory = await startTestDirectory(undefined, { backchannelLogoutUri: `http://localhost:${port}/api/auth/backchannel-logout` });
});

afterAll(async () => {
  await directory?.dispose();
  await new Promise((resolve) => receiver?.close(resolve));
});

const api = (path: string, init?: RequestInit) => fetch(`${directory.url}/api/organisations${path}`, init);
const postJson = (path: string, body: unknown) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function idTokenClaims(email: string, password: string): Promise<Record<string, unknown>> {
  const flow = await beginSignIn(directory.url);
  const callback = await followToCallback(flow, await submitCredentials(flow, email, password));
  const token = await redeemCode(directory.url, callback.searchParams.get('code') ?? '', flow.codeVerifier);
  const { id_token: idToken } = (await token.json()) as { id_token: string };
  return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('organisation members', () => {
  it('adds a user to an organisation, and removing them posts a verifiable logout token by subject to the portal', async () => {
    const created = await postJson(`/${ACME}/users`, { email: 'dora@acme-payments.example', password: 'sandbox-dora', name: 'Dora Dev' });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { sub: string };
    expect(user).toEqual({ sub: expect.any(String), email: 'dora@acme-payments.example', name: 'Dora Dev', org_id: ACME });
    expect(await idTokenClaims('dora@acme-payments.example', 'sandbox-dora')).toMatchObject({ sub: user.sub, tpp_associated: true, org_id: ACME });

    const removed = await api(`/${ACME}/users/${user.sub}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({
      sub: user.sub,
      email: 'dora@acme-payments.example',
      org_id: null,
      backchannel_logout: { notified: [TEST_CLIENT.clientId], failed: [] },
    });

    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe('application/x-www-form-urlencoded');
    const logoutToken = new URLSearchParams(received[0]?.body).get('logout_token') ?? '';
    const discovery = (await (await fetch(`${directory.url}/.well-known/openid-configuration`)).json()) as { jwks_uri: string; backchannel_logout_supported: boolean };
    expect(discovery.backchannel_logout_supported).toBe(true);
    // The portal's own verifier accepts what oidc-provider sends.
    const verified = await verifyLogoutToken(logoutToken, {
      issuer: directory.url,
      clientId: TEST_CLIENT.clientId,
      algorithms: ['PS256'],
      keys: createRemoteJWKSet(new URL(discovery.jwks_uri)),
      now: new Date(),
    });
    expect(verified).toEqual({ ok: true, subject: user.sub });

    // Signing in again, the user belongs to no TPP: the portal refuses them.
    expect(await idTokenClaims('dora@acme-payments.example', 'sandbox-dora')).toMatchObject({ sub: user.sub, tpp_associated: false });
    expect((await idTokenClaims('dora@acme-payments.example', 'sandbox-dora')).org_id).toBeUndefined();
  });

  it.each([
    ['an unknown organisation', `/0015800001NOSUCHOR/users`, { email: 'x@y.example', password: 'long-enough', name: 'X' }, 404, 'organisation "0015800001NOSUCHOR" not found'],
    ['a malformed email', `/${ACME}/users`, { email: 'not-an-email', password: 'long-enough', name: 'X' }, 400, '"email" must be an email address'],
    ['a short password', `/${ACME}/users`, { email: 'x@y.example', password: 'short', name: 'X' }, 400, '"password" must have at least 8 characters'],
    ['an email already taken', `/${ACME}/users`, { email: 'alice@acme-payments.example', password: 'long-enough', name: 'X' }, 400, 'a user with email "alice@acme-payments.example" already exists'],
  ])('refuses to add a user with %s', async (_case, path, body, status, description) => {
    const answer = await postJson(path, body);
    expect({ status: answer.status, body: await answer.json() }).toEqual({
      status,
      body: { error: status === 404 ? 'not_found' : 'invalid_request', error_description: description },
    });
  });

  it("answers 404 for a user who is not the organisation's, and logs no one out", async () => {
    const before = received.length;
    const answer = await api(`/${ACME}/users/no-such-user`, { method: 'DELETE' });
    expect({ status: answer.status, body: await answer.json() }).toEqual({
      status: 404,
      body: { error: 'not_found', error_description: `user "no-such-user" not found in organisation "${ACME}"` },
    });
    expect(received.length).toBe(before);
  });
});
