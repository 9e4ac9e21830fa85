// The RFC 7591/7592 client against a plain node:http server that answers what each case needs: how it bounds,
// classifies and words what the bank's server does wrong, with no token or body in any message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistrationClient, type RegistrationClient } from './create-registration-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let issuer: string;
let answer: Handler;
let seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      if (req.url === '/.well-known/openid-configuration') return json(res, 200, { issuer, registration_endpoint: `${issuer}/reg` });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function client(overrides: { maxBytes?: number } = {}): RegistrationClient {
  return createRegistrationClient({ issuer, initialAccessToken: 'initial-token', timeoutMs: 300, maxBytes: overrides.maxBytes ?? 4096 });
}

const credentials = () => ({ registrationClientUri: `${issuer}/reg/c1`, registrationAccessToken: 'rat-1' });

describe('createRegistrationClient', () => {
  it('registers at the discovered endpoint with the initial access token, and reads the answer', async () => {
    seen = [];
    answer = (_req, res) => json(res, 201, { client_id: 'c1', registration_client_uri: `${issuer}/reg/c1`, registration_access_token: 'rat-1' });
    expect(await client().register({ client_id: 'c1' })).toEqual({
      clientId: 'c1',
      metadata: { client_id: 'c1', registration_client_uri: `${issuer}/reg/c1`, registration_access_token: 'rat-1' },
      credentials: credentials(),
    });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/reg', authorization: 'Bearer initial-token', body: '{"client_id":"c1"}' });
  });

  it.each<[string, Handler, string, string]>([
    ['a refusal, keeping only its error code', (_req, res) => json(res, 400, { error: 'invalid_client_metadata', error_description: 'echo rat-1' }), 'refused', 'the authorization server answered the registration with HTTP 400 invalid_client_metadata'],
    ['an odd error code, left out', (_req, res) => json(res, 400, { error: 'bad code <script>' }), 'refused', 'the authorization server answered the registration with HTTP 400'],
    ['an outage', (_req, res) => json(res, 503, { error: 'temporarily_unavailable' }), 'unavailable', 'the authorization server answered the registration with HTTP 503 temporarily_unavailable'],
    ['a rate limit', (_req, res) => json(res, 429, {}), 'unavailable', 'the authorization server answered the registration with HTTP 429'],
    ['a redirect, not followed', (_req, res) => res.writeHead(302, { location: 'https://elsewhere.example/reg' }).end(), 'unavailable', 'the authorization server answered the registration with HTTP 302'],
    ['an answer over the cap', (_req, res) => json(res, 201, { client_id: 'c1', padding: 'x'.repeat(8192) }), 'unavailable', "the authorization server's answer exceeds 4096 bytes"],
    ['an endless answer', (_req, res) => { res.writeHead(201, { 'content-type': 'application/json' }); const pump = () => res.write('x'.repeat(1024), () => !res.destroyed && setImmediate(pump)); pump(); }, 'unavailable', "the authorization server's answer exceeds 4096 bytes"],
    ['no answer in time', () => undefined, 'unavailable', 'the authorization server did not answer within 300 ms'],
    ['an answer without a client_id', (_req, res) => json(res, 201, { registration_access_token: 'rat-1' }), 'unavailable', 'the authorization server answered without a client_id'],
    ['an answer without RFC 7592 credentials', (_req, res) => json(res, 201, { client_id: 'c1' }), 'refused', 'the authorization server answered without registration_client_uri and registration_access_token (RFC 7592)'],
    ['credentials for plain http elsewhere', (_req, res) => json(res, 201, { client_id: 'c1', registration_client_uri: 'http://as.bank.example/reg/c1', registration_access_token: 'rat-1' }), 'refused', 'the authorization server answered without registration_client_uri and registration_access_token (RFC 7592)'],
  ])('classifies %s', async (_name, handler, kind, message) => {
    answer = handler;
    await expect(client().register({ client_id: 'c1' })).rejects.toMatchObject({ name: 'RegistrationRequestError', kind, message });
  });

  it('takes a delete of a client already gone (401, 404) as done, and words the other refusals', async () => {
    for (const status of [204, 401, 404]) {
      answer = (_req, res) => res.writeHead(status).end();
      await expect(client().remove(credentials())).resolves.toBeUndefined();
    }
    answer = (_req, res) => json(res, 403, { error: 'access_denied' });
    await expect(client().remove(credentials())).rejects.toMatchObject({ kind: 'refused', message: 'the authorization server answered the deletion with HTTP 403 access_denied' });
    answer = (_req, res) => json(res, 401, { error: 'invalid_token' });
    await expect(client().update(credentials(), { client_id: 'c1' })).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('refuses a server that names another issuer, or that is reached over plain http elsewhere', async () => {
    // Discovery of `${issuer}/other` names the issuer without the path.
    answer = (_req, res) => json(res, 200, { issuer, registration_endpoint: `${issuer}/reg` });
    const other = createRegistrationClient({ issuer: `${issuer}/other`, timeoutMs: 300, maxBytes: 4096 });
    await expect(other.register({ client_id: 'c1' })).rejects.toMatchObject({ kind: 'refused', message: "the authorization server's discovery names another issuer than AUTHORIZATION_SERVER" });
    expect(() => createRegistrationClient({ issuer: 'http://as.bank.example', timeoutMs: 300, maxBytes: 4096 })).toThrow('AUTHORIZATION_SERVER must be an https URL (plain http only to a loopback host)');
  });
});
