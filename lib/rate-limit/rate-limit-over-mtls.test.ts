// The rate limits through the real API host and its real endpoints for /register and /token, with the sandbox
// directory's software and certificates: a window of a minute per key, opened by its first request. The clock is
// frozen (Date only), so Retry-After is exact. (Shared across instances: create-rate-limit-store.test.ts.)
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/lib/db';
import { startTestApiHost, type TestApiHost, type TestSoftware } from '@/lib/api-host/testing/start-test-api-host';
import { createTransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';
import { useTestDatabase } from '@/lib/testing/use-test-database';

const ACME = '0015800001ACMEPAYS';

let api: TestApiHost;
let alpha: TestSoftware;
let beta: TestSoftware;
let gamma: TestSoftware;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  // /register: 2 a minute in the sandbox, 1 for a certificate of no trust domain's CA; /token: 1 a minute.
  api = await startTestApiHost({ RATE_LIMIT_REGISTER_PER_MINUTE: 'sandbox=2,1', RATE_LIMIT_TOKEN_PER_MINUTE: '1' });
  [alpha, beta, gamma] = await Promise.all([api.createSoftware(ACME), api.createSoftware(ACME), api.createSoftware(ACME)]);
});
// After the API host's configuration is stubbed: the database set-up reads it first.
useTestDatabase();
afterAll(async () => {
  vi.useRealTimers();
  await api?.close();
});

/** What the database holds: a 429 must change none of it. */
async function stored() {
  const db = getDb();
  const [clients, audit, replay] = await Promise.all([db.client.count(), db.auditEvent.count(), db.replayGuard.count()]);
  return { clients, audit, replay };
}

async function register(software: TestSoftware, client: TestSoftware | null = software) {
  return api.send('POST', '/register', { client, headers: { 'content-type': 'application/jwt' }, body: await api.signRegistration(software) });
}

/** POST /register on the plain listener, as the bank's terminator would send it from another client address. */
async function registerFrom(address: string, software: TestSoftware) {
  return api.sendDirect('POST', '/register', {
    headers: { 'content-type': 'application/jwt', ...api.terminatorHeaders(software, address) },
    body: await api.signRegistration(software),
  });
}

const tooMany = (retryAfter: number, subject: string) => ({
  status: 429,
  retryAfter: String(retryAfter),
  cacheControl: 'no-store',
  body: { error: 'too_many_requests', error_description: `too many requests from ${subject}; retry after ${retryAfter} s` },
});
const summary = (answer: { status: number; headers: Record<string, unknown>; body: unknown }) => ({
  status: answer.status,
  retryAfter: answer.headers['retry-after'],
  cacheControl: answer.headers['cache-control'],
  body: answer.body,
});

describe('rate limits over mutual TLS', () => {
  it("allows the window's requests on /register, then answers 429 with Retry-After, storing nothing; other keys and /token are unaffected; the window passes", async () => {
    expect((await register(alpha)).status).toBe(201);
    expect((await register(alpha)).status).toBe(201);
    const before = await stored();
    expect(before.clients).toBe(2);

    // The certificate, its software and 127.0.0.1 have all spent their two: the certificate is named first.
    expect(summary(await register(alpha))).toEqual(tooMany(60, 'this client certificate'));
    // The management endpoints share the /register window, and are refused before the token is even looked at.
    expect(summary(await api.send('GET', '/register/some-client', { client: alpha }))).toEqual(tooMany(60, 'this client certificate'));
    // Another software's certificate from the same address: the address is over its limit.
    expect(summary(await register(beta))).toEqual(tooMany(60, 'this address'));
    // The same certificate from another address: the certificate is over its limit.
    expect(summary(await registerFrom('192.0.2.10', alpha))).toEqual(tooMany(60, 'this client certificate'));
    expect(await stored()).toEqual(before);

    // Another certificate from another address is not affected.
    expect((await registerFrom('192.0.2.11', gamma)).status).toBe(201);
    // /token has its own limit: a request that reaches the authorization server (which refuses it: no client
    // authentication), then 429.
    const form = { client: alpha, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' };
    expect(summary(await api.send('POST', '/token', form))).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(summary(await api.send('POST', '/token', form))).toEqual(tooMany(60, 'this client certificate'));

    // 59 s later, still 1 s to go; at 60 s the windows have passed and the certificate has two requests again.
    vi.setSystemTime(Date.now() + 59_000);
    expect(summary(await register(alpha))).toEqual(tooMany(1, 'this client certificate'));
    vi.setSystemTime(Date.now() + 1_000);
    expect((await register(alpha)).status).toBe(201);
    expect((await register(alpha)).status).toBe(201);
    expect(summary(await register(alpha))).toEqual(tooMany(60, 'this client certificate'));
    expect((await stored()).clients).toBe(5);
  });

  it("limits a certificate no trust domain's CA issued at the other environments' limit", async () => {
    const stranger = { ...gamma, transport: { ...gamma.transport, certificate_pem: (await createTransportCertificates(new Date(), { softwareId: 'StrangerSoftware', orgId: ACME, orgName: 'Acme' })).leaf.pem } };
    const send = () => api.sendDirect('POST', '/register', { headers: { 'content-type': 'application/jwt', ...api.terminatorHeaders(stranger, '192.0.2.50') }, body: 'x' });
    // Refused by the registration (not a JWT), but counted: the second is over the limit of 1.
    expect((await send()).status).toBe(400);
    expect(summary(await send())).toEqual(tooMany(60, 'this client certificate'));
  });
});
