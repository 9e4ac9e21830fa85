// A client cannot forge the forwarded certificate header (OB-RULES transport certificate): proven end to end, over
// the real API host's mutual TLS listener and on its plain listener without the terminator's secret, with the sandbox
// directory's software. Registration answers as if no certificate were presented, and stores no client (its jti is
// spent and the refusal audited, as for any refused registration; a request the host does not trust records nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { startTestApiHost, type TestApiHost, type TestSoftware } from '@/lib/api-host/testing/start-test-api-host';

const ACME = '0015800001ACMEPAYS';
const NO_CERTIFICATE = { error: 'invalid_software_statement', error_description: 'no client certificate was presented over mutual TLS' };
const UNTRUSTED = { error: 'untrusted_proxy', error_description: 'requests must come through the mutual TLS endpoint' };

let api: TestApiHost;
let acme: TestSoftware;
let other: TestSoftware;
let forged: string;

beforeAll(async () => {
  api = await startTestApiHost({ RATE_LIMIT_REGISTER_PER_MINUTE: '0' });
  [acme, other] = await Promise.all([api.createSoftware(ACME), api.createSoftware(ACME)]);
  // The header as the terminator would write it for the software's own, valid, certificate.
  forged = encodeURIComponent(acme.transport.certificate_pem);
});
// After the API host's configuration is stubbed: the database set-up reads it first.
useTestDatabase();
afterAll(async () => {
  await api?.close();
});

async function storedClients(): Promise<{ clients: number; organisations: number }> {
  const db = getDb();
  return { clients: await db.client.count(), organisations: await db.organisation.count() };
}

describe('a forged certificate header', () => {
  it.each([
    ['the configured header', { 'x-ssl-client-cert': 'FORGED' }],
    ['the header in another case', { 'X-SSL-Client-Cert': 'FORGED' }],
    ['the header spelt with underscores', { X_SSL_CLIENT_CERT: 'FORGED' }],
    ['the header twice', { 'x-ssl-client-cert': ['FORGED', 'FORGED'] }],
    ['the header with a guessed terminator secret', { 'x-ssl-client-cert': 'FORGED', 'x-onboard-mtls-proxy-secret': 'mtls-portal-test-proxy-secret-guessed00' }],
  ])('sent over mutual TLS without a certificate (%s) is ignored: no certificate, nothing stored', async (_label, headers) => {
    const withForgery = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.map(() => forged) : value === 'FORGED' ? forged : value]),
    );
    const before = await storedClients();
    const answer = await api.send('POST', '/register', {
      client: null,
      headers: { 'content-type': 'application/jwt', ...withForgery },
      body: await api.signRegistration(acme),
    });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: NO_CERTIFICATE });
    expect(await storedClients()).toEqual(before);
  });

  it('sent over mutual TLS beside another certificate loses to the certificate actually presented', async () => {
    const before = await storedClients();
    const answer = await api.send('POST', '/register', {
      client: other,
      headers: { 'content-type': 'application/jwt', 'x-ssl-client-cert': forged, X_SSL_CLIENT_CERT: forged },
      body: await api.signRegistration(acme),
    });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: { error: 'invalid_software_statement', error_description: 'the transport certificate\'s subject does not name the software statement\'s "software_id" and "org_id"' },
    });
    expect(await storedClients()).toEqual(before);
  });

  it.each([
    ['without the terminator secret', { 'x-ssl-client-cert': 'FORGED' }],
    ['with a guessed terminator secret', { 'x-ssl-client-cert': 'FORGED', 'x-onboard-mtls-proxy-secret': 'mtls-portal-test-proxy-secret-guessed00' }],
    ['spelt with underscores', { X_SSL_CLIENT_CERT: 'FORGED' }],
  ])('sent to the plain listener %s is refused as untrusted, and nothing is stored', async (_label, headers) => {
    const withForgery = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'FORGED' ? forged : value]));
    const db = getDb();
    const [audit, replay] = [await db.auditEvent.count(), await db.replayGuard.count()];
    const before = await storedClients();
    const answer = await api.sendDirect('POST', '/register', {
      headers: { 'content-type': 'application/jwt', 'x-forwarded-for': '192.0.2.1', ...withForgery },
      body: await api.signRegistration(acme),
    });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: UNTRUSTED });
    expect(await storedClients()).toEqual(before);
    expect([await db.auditEvent.count(), await db.replayGuard.count()]).toEqual([audit, replay]);
  });

  it('is not needed: the same registration with the certificate presented over TLS succeeds', async () => {
    const answer = await api.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt' }, body: await api.signRegistration(acme) });
    expect(answer.status).toBe(201);
    expect((await storedClients()).clients).toBe(1);
  });
});
