// What the API host audits, through the real host (its plain listener, as the bank's terminator forwards) and the
// embedded authorization server: failed client authentications, issued tokens and refused RFC 7592 access reach the
// admin's audit trail.
import { beforeAll, describe, expect, it } from 'vitest';
import { flushAuditCounters } from '@/lib/audit/flush-audit-counters';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { getDb, type Client } from '@/lib/db';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { TEST_CLIENT_SECRET, TEST_CLIENT_SECRET_HASH, type TokenTestFixture } from '@/lib/tokens/testing/start-token-test-fixture';

let fixture: TokenTestFixture;
let secretClient: Client;
let thumbprint: string;

// Rate limits off: the brute force below is the point.
useTokenTestFixture((started) => (fixture = started), { RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
beforeAll(async () => {
  secretClient = await fixture.createProvisionedClient({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: TEST_CLIENT_SECRET_HASH });
  thumbprint = readCertificate(fixture.certificates.leaf.pem).thumbprintS256;
});

// Far enough ahead that every window opened by the test has closed.
const AFTER_THE_WINDOWS = () => new Date(Date.now() + 60 * 60_000);

function postWithSecret(secret: string, address: string) {
  return fixture.postToken(new URLSearchParams({ grant_type: 'client_credentials', scope: 'accounts' }), {
    ...fixture.terminatorHeaders(fixture.certificates.leaf.pem),
    'x-forwarded-for': address,
    authorization: fixture.basicAuthorization(secretClient.clientId, secret),
  });
}

describe('token endpoint audit', () => {
  it('records five wrong secrets as the first failure at once and a summary with count 5, visible to admins', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await postWithSecret(`wrong-secret-${attempt}`, '203.0.113.7');
      expect(answer.status).toBe(401);
    }
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });

    const { events } = await listAuditEvents({ action: 'token.client_authentication_failed', clientId: secretClient.clientId });
    const expectedDetails = { endpoint: 'token', reason: 'invalid secret provided', address: '203.0.113.7', certificateThumbprint: thumbprint };
    // Newest first: the summary, then the first occurrence.
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actorType: 'anonymous',
      actorId: '203.0.113.7',
      clientId: secretClient.clientId,
      organisationId: secretClient.organisationId,
      details: { ...expectedDetails, count: 5, firstAt: expect.any(String), lastAt: expect.any(String) },
    });
    expect(events[1]).toMatchObject({ actorId: '203.0.113.7', clientId: secretClient.clientId, details: { ...expectedDetails, firstInWindow: true } });
    expect(JSON.stringify(events.map((event) => event.details))).not.toContain('wrong-secret');
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact' });
  });

  it('records an unknown client id as claimed', async () => {
    const answer = await fixture.postToken(new URLSearchParams({ grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: 'guess' }), {
      ...fixture.terminatorHeaders(fixture.certificates.leaf.pem),
      'x-forwarded-for': '198.51.100.9',
    });
    expect(answer.status).toBe(401);
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });

    const { events } = await listAuditEvents({ action: 'token.client_authentication_failed', actorId: '198.51.100.9' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientId: null, details: { claimedClientId: 'no-such-client', reason: 'client not found', firstInWindow: true } });
  });

  it('records issued tokens per client, certificate and scope, with the count and never the token', async () => {
    const answers = [await postWithSecret(TEST_CLIENT_SECRET, '203.0.113.8'), await postWithSecret(TEST_CLIENT_SECRET, '203.0.113.8')];
    for (const answer of answers) expect(answer.status).toBe(200);
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });

    const { events } = await listAuditEvents({ action: 'token.issued' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: 'client',
      actorId: secretClient.clientId,
      clientId: secretClient.clientId,
      organisationId: secretClient.organisationId,
      details: { certificateThumbprint: thumbprint, scope: 'accounts', count: 2, firstAt: expect.any(String), lastAt: expect.any(String) },
    });
    for (const answer of answers) expect(JSON.stringify(events.map((event) => event.details))).not.toContain((answer.body as { access_token: string }).access_token);
  });
});

describe('registration management audit', () => {
  it("answers GET /register/{id} with another client's token 403, and audits the attempt", async () => {
    const mine = await fixture.createProvisionedClient();
    const theirs = await fixture.createProvisionedClient();
    const issued = await fixture.postToken(fixture.assertionParams(await fixture.signAssertion(theirs.clientId), { grant_type: 'client_credentials' }), {
      ...fixture.terminatorHeaders(fixture.certificates.leaf.pem),
    });
    expect(issued.status).toBe(200);
    const token = (issued.body as { access_token: string }).access_token;

    const answer = await fixture.send('GET', `/register/${mine.clientId}`, { ...fixture.terminatorHeaders(fixture.certificates.leaf.pem), authorization: `Bearer ${token}` });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: 'access_denied', error_description: 'the access token was issued to another client' });
    await flushAuditCounters(getDb(), { now: AFTER_THE_WINDOWS() });

    const { events } = await listAuditEvents({ action: 'client.access_refused', clientId: mine.clientId });
    expect(events).toMatchObject([
      {
        actorType: 'client',
        actorId: theirs.clientId,
        organisationId: mine.organisationId,
        requestId: answer.headers['x-request-id'],
        details: { operation: 'GET /register/{id}', reason: 'the access token was issued to another client', firstInWindow: true },
      },
    ]);
    expect(events).toHaveLength(1);
  });
});
