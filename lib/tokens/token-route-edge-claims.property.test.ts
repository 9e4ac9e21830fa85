// Regressions for `POST /token` (lib/api-host/endpoints/issue-token.ts) against a real test database: input that once
// reached the database as something it cannot hold (an `exp` beyond any timestamp; NUL or a lone surrogate in
// a client id or jti) and answered 500, and a client assertion that is not a strict compact JWS (whitespace
// inside), which jose's lenient base64url decoder used to accept.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { issueToken } from '@/lib/api-host/endpoints/issue-token';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import type { Client } from '@/lib/db';
import { getDb } from '@/lib/db';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';

import { TEST_CLIENT_SECRET, TEST_CLIENT_SECRET_HASH, TEST_MTLS_URL, type TokenTestFixture } from './testing/start-token-test-fixture';

const NUM_RUNS = 15;
const AUTHENTICATION_FAILED = { error: 'invalid_client', error_description: 'client authentication failed' };

let fixture: TokenTestFixture;
let client: Client;
let tlsClient: Client;
let secretClient: Client;

useTokenTestFixture((started) => (fixture = started), { RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
beforeAll(async () => {
  client = await fixture.createClient();
  tlsClient = await fixture.createClient({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: fixture.leafSubjectDn });
  secretClient = await fixture.createClient({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: TEST_CLIENT_SECRET_HASH });
});

function post(params: URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
  const merged = { 'content-type': 'application/x-www-form-urlencoded', ...fixture.terminatorHeaders(fixture.certificates.leaf.pem), ...headers };
  return callThroughTerminator(issueToken, new Request(`${TEST_MTLS_URL}/token`, { method: 'POST', headers: merged, body: params }));
}

async function answer(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const accessTokenCount = () => getDb().accessToken.count();

// Text PostgreSQL cannot store (NUL, an unpaired surrogate), alone or around ordinary characters.
const unstorableText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.string({ maxLength: 8 }))
  .map(([before, odd, after]) => `${before}${odd}${after}`)
  .filter((text) => /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text));

// Seconds since the epoch beyond 9999-12-31, up to past what a JavaScript Date holds (8.64e12 s).
const farFutureExp = fc.oneof(
  fc.constantFrom(253_402_300_800, 8.64e12, 8.64e12 + 1, 1e13, Number.MAX_SAFE_INTEGER, 1e100, 1e308),
  fc.double({ min: 253_402_300_800, max: 1e308, noNaN: true, noDefaultInfinity: true }),
);

describe('POST /token with claims the database cannot hold as given', () => {
  it('issues one token for an assertion whose "exp" is beyond any timestamp, and refuses its replay', async () => {
    await assertProperty('POST /token, far-future exp', farFutureExp, async (exp) => {
      const params = fixture.assertionParams(await fixture.signAssertion(client.clientId, { exp }), { grant_type: 'client_credentials' });
      const before = await accessTokenCount();
      expect((await post(params)).status).toBe(200);
      expect(await answer(await post(params))).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'client assertion "jti" has already been used' } });
      expect(await accessTokenCount()).toBe(before + 1);
    }, { numRuns: NUM_RUNS });
  });

  it('issues one token for an assertion whose "jti" holds NUL or a lone surrogate, and refuses its replay', async () => {
    await assertProperty('POST /token, unstorable jti', unstorableText, async (jti) => {
      const params = fixture.assertionParams(await fixture.signAssertion(client.clientId, { jti }), { grant_type: 'client_credentials' });
      const before = await accessTokenCount();
      expect((await post(params)).status).toBe(200);
      expect((await answer(await post(params))).body).toEqual({ error: 'invalid_client', error_description: 'client assertion "jti" has already been used' });
      expect(await accessTokenCount()).toBe(before + 1);
    }, { numRuns: NUM_RUNS });
  });

  it('answers a client id with NUL or a lone surrogate as an unknown client, however it is sent', async () => {
    const sent = fc.tuple(fc.constantFrom('form client_id', 'assertion iss and sub', 'Basic user'), unstorableText);
    await assertProperty('POST /token, unstorable client id', sent, async ([where, clientId]) => {
      const before = await accessTokenCount();
      let response: Response;
      if (where === 'form client_id') {
        response = await post(new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId }));
      } else if (where === 'assertion iss and sub') {
        response = await post(fixture.assertionParams(await fixture.signAssertion(clientId), { grant_type: 'client_credentials' }));
      } else {
        // A form body or a Basic header is UTF-8 on the wire, where a lone surrogate cannot be: NUL stands in for it.
        const authorization = fixture.basicAuthorization(clientId.replace(/[\uD800-\uDFFF]/g, '\u0000'), TEST_CLIENT_SECRET);
        response = await post(new URLSearchParams({ grant_type: 'client_credentials' }), { authorization });
      }
      expect(await answer(response)).toEqual({ status: 401, body: AUTHENTICATION_FAILED });
      expect(await accessTokenCount()).toBe(before);
    }, { numRuns: NUM_RUNS });
  });

  it('still issues tokens to the same clients sent the ordinary way, so the refusals above are about the input', async () => {
    expect((await post(new URLSearchParams({ grant_type: 'client_credentials', client_id: tlsClient.clientId }))).status).toBe(200);
    const basic = { authorization: fixture.basicAuthorization(secretClient.clientId, TEST_CLIENT_SECRET) };
    expect((await post(new URLSearchParams({ grant_type: 'client_credentials' }), basic)).status).toBe(200);
  });
});

describe('POST /token with a client assertion that is not a strict compact JWS', () => {
  it('refuses a valid assertion with whitespace inside, issuing nothing and spending no jti', async () => {
    const withSpace = fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\r\n', '\t', '\r'));
    await assertProperty('POST /token, whitespace in assertion', withSpace, async ([position, space]) => {
      const assertion = await fixture.signAssertion(client.clientId);
      const index = 1 + (position % (assertion.length - 1));
      const params = fixture.assertionParams(`${assertion.slice(0, index)}${space}${assertion.slice(index)}`, { grant_type: 'client_credentials' });
      const before = { accessTokens: await accessTokenCount(), replayKeys: await getDb().replayGuard.count() };
      expect(await answer(await post(params))).toEqual({
        status: 401,
        body: { error: 'invalid_client', error_description: 'client assertion must be a compact JWS: three base64url parts separated by "."' },
      });
      expect({ accessTokens: await accessTokenCount(), replayKeys: await getDb().replayGuard.count() }).toEqual(before);
      // The same assertion without the whitespace is valid: the refusal is about the whitespace alone.
      expect((await post(fixture.assertionParams(assertion, { grant_type: 'client_credentials' }))).status).toBe(200);
    }, { numRuns: NUM_RUNS });
  });
});
