// A client cannot forge the forwarded certificate header (OB-RULES transport certificate): proven end to end, through
// the real embedded TLS terminator over TLS and straight to the real route handler, with the sandbox directory's
// software. Registration answers as if no certificate were presented, and stores no client (its jti is spent and the
// refusal audited, as for any refused registration; a request the portal does not trust records nothing at all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { startMtlsPortal, type MtlsPortal, type TestSoftware } from './testing/start-mtls-portal';

const ACME = '0015800001ACMEPAYS';
const NO_CERTIFICATE = { error: 'invalid_software_statement', error_description: 'no client certificate was presented over mutual TLS' };
const UNTRUSTED = { error: 'untrusted_proxy', error_description: 'requests must come through the mutual TLS endpoint' };

let portal: MtlsPortal;
let acme: TestSoftware;
let other: TestSoftware;
let forged: string;

beforeAll(async () => {
  portal = await startMtlsPortal({ RATE_LIMIT_REGISTER_PER_MINUTE: '0' });
  [acme, other] = await Promise.all([portal.createSoftware(ACME), portal.createSoftware(ACME)]);
  // The header as the terminator would write it for the software's own, valid, certificate.
  forged = encodeURIComponent(acme.transport.certificate_pem);
});
// After the portal's configuration is stubbed: the database set-up reads it first.
useTestDatabase();
afterAll(async () => {
  await portal?.close();
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
  ])('sent through the terminator without a certificate (%s) is discarded: no certificate, nothing stored', async (_label, headers) => {
    const withForgery = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.map(() => forged) : value === 'FORGED' ? forged : value]),
    );
    const before = await storedClients();
    const answer = await portal.send('POST', '/register', {
      client: null,
      headers: { 'content-type': 'application/jwt', ...withForgery },
      body: await portal.signRegistration(acme),
    });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: NO_CERTIFICATE });
    expect(await storedClients()).toEqual(before);
  });

  it('sent through the terminator beside another certificate loses to the certificate actually presented', async () => {
    const before = await storedClients();
    const answer = await portal.send('POST', '/register', {
      client: other,
      headers: { 'content-type': 'application/jwt', 'x-ssl-client-cert': forged, X_SSL_CLIENT_CERT: forged },
      body: await portal.signRegistration(acme),
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
  ])('sent straight to the portal %s is refused as untrusted, and nothing is stored', async (_label, headers) => {
    const withForgery = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'FORGED' ? forged : value]));
    const db = getDb();
    const [audit, replay] = [await db.auditEvent.count(), await db.replayGuard.count()];
    const before = await storedClients();
    const answer = await portal.sendDirect('POST', '/api/mtls/register', {
      headers: { 'content-type': 'application/jwt', 'x-forwarded-for': '192.0.2.1', ...withForgery },
      body: await portal.signRegistration(acme),
    });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: UNTRUSTED });
    expect(await storedClients()).toEqual(before);
    expect([await db.auditEvent.count(), await db.replayGuard.count()]).toEqual([audit, replay]);
  });

  it('is not needed: the same registration with the certificate presented over TLS succeeds', async () => {
    const answer = await portal.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt' }, body: await portal.signRegistration(acme) });
    expect(answer.status).toBe(201);
    expect((await storedClients()).clients).toBe(1);
  });
});
