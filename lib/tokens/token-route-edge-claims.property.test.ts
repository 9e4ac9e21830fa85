// Regressions for `POST /token` as the bank's terminator forwards it to the real API host (its plain listener, the
// embedded authorization server mounted) against a real test database: input that once reached the database as
// something it cannot hold (an `exp` beyond any timestamp; NUL or a lone surrogate in a client id or jti) and
// answered 500; an assertion living longer than the policy allows (issue 15: a far `exp` was accepted and its jti
// kept until then), now refused before its jti is spent; claims nested deeper than oidc-provider's copy of them survives
// (answered 500), now refused before the copy; and a client assertion that is not a strict compact JWS (whitespace inside), which jose's forgiving
// base64url decoder accepts (refused by the authorization server's `assertJwtClientAuthClaimsAndHeader`). Each
// refusal stores nothing; a replayed assertion yields exactly one token.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Client } from '@/lib/db';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';

import { TEST_CLIENT_SECRET, TEST_CLIENT_SECRET_HASH, type TokenAnswer, type TokenTestFixture } from './testing/start-token-test-fixture';

const NUM_RUNS = 15;
// oidc-provider words every client authentication failure alike (the detail stays in its log, not the answer).
const AUTHENTICATION_FAILED = { status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } };

let fixture: TokenTestFixture;
let client: Client;
let tlsClient: Client;
let secretClient: Client;

useTokenTestFixture((started) => (fixture = started), { RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
beforeAll(async () => {
  client = await fixture.createProvisionedClient();
  tlsClient = await fixture.createProvisionedClient({ tokenEndpointAuthMethod: 'tls_client_auth', tokenEndpointAuthSigningAlg: null, tlsClientAuthSubjectDn: fixture.leafSubjectDn });
  secretClient = await fixture.createProvisionedClient({ tokenEndpointAuthMethod: 'client_secret_basic', tokenEndpointAuthSigningAlg: null, secretHash: TEST_CLIENT_SECRET_HASH });
});

/** As the terminator forwards a form with the fixture software's certificate. */
function post(params: URLSearchParams, headers: Record<string, string> = {}): Promise<TokenAnswer> {
  return fixture.postToken(params, { 'content-type': 'application/x-www-form-urlencoded', ...fixture.terminatorHeaders(fixture.certificates.leaf.pem), ...headers });
}

const summary = (answer: TokenAnswer) => ({ status: answer.status, body: answer.body });

function expectIssued(answer: TokenAnswer): void {
  expect({ status: answer.status, cacheControl: answer.headers['cache-control'], body: answer.body }).toEqual({
    status: 200,
    cacheControl: 'no-store',
    body: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 300, scope: 'accounts payments' },
  });
}

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

/** A validly signed assertion is issued one token, and its replay is refused: one token and one replay key in all. */
async function expectOneTokenThenReplayRefused(params: URLSearchParams): Promise<void> {
  const before = await fixture.countStored();
  expectIssued(await post(params));
  expect(summary(await post(params))).toEqual(AUTHENTICATION_FAILED);
  expect(await fixture.countStored()).toEqual({ ...before, accessTokens: before.accessTokens + 1, replayKeys: before.replayKeys + 1 });
}

// *policy* maxClientAssertionLifetimeSeconds: the schema's default, 5 minutes.
const TOO_LONG = { status: 401, body: { error: 'invalid_client', error_description: 'client assertion "exp" must be at most 5 minutes after "iat"' } };
const TOO_FAR = { status: 401, body: { error: 'invalid_client', error_description: 'client assertion "exp" must be at most 5 minutes from now' } };

describe('POST /token with an assertion living longer than the policy allows', () => {
  it('refuses an assertion whose "exp" is one day after "iat", storing nothing and spending no jti', async () => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await fixture.signAssertion(client.clientId, { iat: now, exp: now + 86_400 });
    const before = await fixture.countStored();
    expect(summary(await post(fixture.assertionParams(assertion, { grant_type: 'client_credentials' })))).toEqual(TOO_LONG);
    expect(await fixture.countStored()).toEqual(before);
  });

  it('refuses an assertion without "iat" whose "exp" is an hour away, and one whose "iat" is as late as its "exp"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const before = await fixture.countStored();
    for (const claims of [{ iat: undefined, exp: now + 3600 }, { iat: now + 3540, exp: now + 3600 }]) {
      const params = fixture.assertionParams(await fixture.signAssertion(client.clientId, claims), { grant_type: 'client_credentials' });
      expect(summary(await post(params))).toEqual(TOO_FAR);
    }
    expect(await fixture.countStored()).toEqual(before);
  });

  it('issues a token for an assertion of exactly 5 minutes, so the refusals above are about the lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectOneTokenThenReplayRefused(fixture.assertionParams(await fixture.signAssertion(client.clientId, { iat: now, exp: now + 300 }), { grant_type: 'client_credentials' }));
  });
});

describe('POST /token with claims the database cannot hold as given', () => {
  it('refuses an assertion whose "exp" is beyond any timestamp, storing nothing and spending no jti', async () => {
    await assertProperty('POST /token, far-future exp', farFutureExp, async (exp) => {
      const before = await fixture.countStored();
      expect(summary(await post(fixture.assertionParams(await fixture.signAssertion(client.clientId, { exp }), { grant_type: 'client_credentials' })))).toEqual(TOO_LONG);
      expect(await fixture.countStored()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('issues one token for an assertion whose "jti" holds NUL or a lone surrogate, and refuses its replay', async () => {
    await assertProperty('POST /token, unstorable jti', unstorableText, async (odd) => {
      // Unique per case: fast-check may draw the same text twice (seed -637686505 drew "\udbff" alone twice), and a
      // jti used before is a replay, rightly refused.
      const jti = `${crypto.randomUUID()}${odd}`;
      await expectOneTokenThenReplayRefused(fixture.assertionParams(await fixture.signAssertion(client.clientId, { jti }), { grant_type: 'client_credentials' }));
    }, { numRuns: NUM_RUNS });
  });

  it('answers a client id with NUL or a lone surrogate as an unknown client, however it is sent, storing nothing', async () => {
    const sent = fc.tuple(fc.constantFrom('form client_id', 'assertion iss and sub', 'Basic user'), unstorableText);
    await assertProperty('POST /token, unstorable client id', sent, async ([where, clientId]) => {
      const before = await fixture.countStored();
      if (where === 'form client_id') {
        // A form body is UTF-8 on the wire: a lone surrogate arrives as U+FFFD, NUL as NUL.
        expect(summary(await post(new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId })))).toEqual(AUTHENTICATION_FAILED);
      } else if (where === 'assertion iss and sub') {
        expect(summary(await post(fixture.assertionParams(await fixture.signAssertion(clientId), { grant_type: 'client_credentials' })))).toEqual(AUTHENTICATION_FAILED);
      } else {
        // A Basic header is UTF-8 too, where a lone surrogate cannot be: NUL stands in for it. oidc-provider takes
        // VSCHAR only in a Basic id (RFC 6749 Appendix A.1), so this one is a malformed request, not an unknown client.
        const authorization = fixture.basicAuthorization(clientId.replace(/[\uD800-\uDFFF]/g, '\u0000'), TEST_CLIENT_SECRET);
        expect(summary(await post(new URLSearchParams({ grant_type: 'client_credentials' }), { authorization }))).toEqual({
          status: 400,
          body: { error: 'invalid_request', error_description: 'client_id and client_secret in the authorization header are not properly encoded' },
        });
      }
      expect(await fixture.countStored()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('still issues tokens to a tls_client_auth and a client_secret_basic client sent the ordinary way, so the refusals above are about the input', async () => {
    const before = await fixture.countStored();
    expectIssued(await post(new URLSearchParams({ grant_type: 'client_credentials', client_id: tlsClient.clientId })));
    expectIssued(await post(new URLSearchParams({ grant_type: 'client_credentials' }), { authorization: fixture.basicAuthorization(secretClient.clientId, TEST_CLIENT_SECRET) }));
    expect(await fixture.countStored()).toEqual({ ...before, accessTokens: before.accessTokens + 2 });
  });
});

/** `leaf` nested `depth` levels deep in arrays or in objects. */
function nest(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

describe('POST /token with claims nested deeper than any assertion needs', () => {
  // The claims object is level 1, so a claim value may nest 31 levels. oidc-provider's own copy of the claims
  // overflowed the stack on an extra claim nested 2 000 objects deep and answered 500 (CI, session 8).
  it('refuses an assertion with a claim nested more than 31 levels deep, storing nothing and spending no jti', async () => {
    const deepClaim = fc.tuple(fc.constantFrom('extra', 'toString', '__proto__', 'aud'), fc.integer({ min: 32, max: 3_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'));
    await assertProperty('POST /token, deeply nested claim', deepClaim, async ([claim, depth, kind]) => {
      const before = await fixture.countStored();
      const assertion = await fixture.signAssertion(client.clientId, { [claim]: nest(depth, kind) });
      expect(summary(await post(fixture.assertionParams(assertion, { grant_type: 'client_credentials' })))).toEqual(AUTHENTICATION_FAILED);
      expect(await fixture.countStored()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('issues a token for an extra claim nested 31 levels deep, so the refusal above is about the depth', async () => {
    for (const kind of ['array', 'object'] as const) {
      await expectOneTokenThenReplayRefused(fixture.assertionParams(await fixture.signAssertion(client.clientId, { extra: nest(31, kind) }), { grant_type: 'client_credentials' }));
    }
  });
});

describe('POST /token with a client assertion that is not a strict compact JWS', () => {
  it('refuses a valid assertion with whitespace inside, storing nothing and spending no jti', async () => {
    const withSpace = fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\r\n', '\t', '\r'));
    await assertProperty('POST /token, whitespace in assertion', withSpace, async ([position, space]) => {
      const assertion = await fixture.signAssertion(client.clientId);
      const index = 1 + (position % (assertion.length - 1));
      const params = fixture.assertionParams(`${assertion.slice(0, index)}${space}${assertion.slice(index)}`, { grant_type: 'client_credentials' });
      const before = await fixture.countStored();
      expect(summary(await post(params))).toEqual(AUTHENTICATION_FAILED);
      expect(await fixture.countStored()).toEqual(before);
      // The same assertion without the whitespace is valid: the refusal is about the whitespace alone.
      expectIssued(await post(fixture.assertionParams(assertion, { grant_type: 'client_credentials' })));
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a valid assertion with whitespace inside its signature, which the signature check alone lets through', async () => {
    await assertProperty('POST /token, whitespace in signature', fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\t')), async ([position, space]) => {
      const assertion = await fixture.signAssertion(client.clientId);
      const signatureStart = assertion.lastIndexOf('.') + 2;
      const index = signatureStart + (position % (assertion.length - signatureStart));
      const before = await fixture.countStored();
      const spaced = `${assertion.slice(0, index)}${space}${assertion.slice(index)}`;
      expect(summary(await post(fixture.assertionParams(spaced, { grant_type: 'client_credentials' })))).toEqual(AUTHENTICATION_FAILED);
      expect(await fixture.countStored()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });
});
