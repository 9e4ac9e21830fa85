// Bad input for `POST /token` as the bank's terminator forwards it to the real API host (its plain listener, the
// embedded authorization server mounted, oidc-provider answering) against a real test database; it lives here
// because vitest collects tests from lib/ only. Properties: never a 5xx; every refusal an RFC 6749 JSON error with
// `cache-control: no-store`; a refusal stores no token; a refusal that carried no validly signed assertion spends no
// replay key (`AuthorizationServerPayload` kind ReplayDetection).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Client } from '@/lib/db';
import { arbitraryMalformedJws } from '@/lib/testing/arbitraries/arbitrary-malformed-jws';
import { arbitraryMutatedClaims } from '@/lib/testing/arbitraries/arbitrary-mutated-claims';
import { arbitraryOddAuthorizationHeader } from '@/lib/testing/arbitraries/arbitrary-odd-authorization-header';
import { arbitraryOddCertificateHeader } from '@/lib/testing/arbitraries/arbitrary-odd-certificate-header';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { buildClaimOverrides } from '@/lib/testing/arbitraries/build-claim-overrides';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';

import { TEST_MTLS_URL, type TokenAnswer, type TokenTestFixture } from './testing/start-token-test-fixture';
import { JWT_BEARER_ASSERTION_TYPE } from '@/lib/profile/ob-profile';

const NUM_RUNS = 50;
// RFC 6749 §5.2: 400, or 401 for invalid_client.
const REFUSAL_STATUSES = [400, 401];
const REFUSAL_CODES = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'];
const PARAMETER_NAMES = ['grant_type', 'client_id', 'client_assertion', 'client_assertion_type', 'scope', 'client_secret', 'x'];

let fixture: TokenTestFixture;
let client: Client;
let validAssertion: string;

// Rate limits off: the properties send bursts on purpose.
useTokenTestFixture((started) => (fixture = started), { RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
beforeAll(async () => {
  client = await fixture.createProvisionedClient();
  validAssertion = await fixture.signAssertion(client.clientId);
});

/** As the terminator forwards a form with the fixture software's certificate; `null` removes a header. */
function post(body: string | URLSearchParams, headers: Record<string, string | null> = {}): Promise<TokenAnswer> {
  const merged: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...fixture.terminatorHeaders(fixture.certificates.leaf.pem) };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return fixture.postToken(body, merged);
}

function expectRefusal(answer: TokenAnswer): void {
  expect(answer.status, `status of ${JSON.stringify(answer.body)}`).toBeOneOf(REFUSAL_STATUSES);
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers['content-type']).toMatch(/^application\/json\b/);
  expect(answer.body).toEqual({ error: expect.toBeOneOf(REFUSAL_CODES), error_description: expect.any(String) });
  expect(answer.status === 401).toBe((answer.body as { error: string }).error === 'invalid_client');
}

// What reaches the API host at all: an RFC 9110 §5.5 field value (the client, the terminator and Node's parser refuse
// other control characters), in a header section Node's parser admits (16 KiB; above it Node answers a bare 431).
const isSendableFieldValue = (value: string): boolean => value.length <= 6_000 && !/[^\t\x20-\x7e\x80-\xff]/.test(value);

const oddValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('client_credentials', JWT_BEARER_ASSERTION_TYPE, 'authorization_code', '', '\u0000', 'openid accounts'),
);

describe('POST /token with bad input', () => {
  it('refuses odd forms, content types, Authorization and certificate headers, storing nothing', async () => {
    const form = fc.dictionary(fc.constantFrom(...PARAMETER_NAMES), oddValue, { maxKeys: 5 }).map((params) => new URLSearchParams(params).toString());
    const rawBody = fc.oneof(form, fc.string({ unit: 'binary', maxLength: 200 }), fc.constant('grant_type=client_credentials&grant_type=client_credentials'), fc.constant('a=%zz&b=%E2%82'));
    const headers = fc.record(
      {
        'content-type': fc.constantFrom<string | null>(null, 'application/json', 'APPLICATION/X-WWW-FORM-URLENCODED', 'multipart/form-data', 'application/x-www-form-urlencoded;;'),
        authorization: arbitraryOddAuthorizationHeader().filter(isSendableFieldValue),
        'x-ssl-client-cert': arbitraryOddCertificateHeader(fixture.certificates.leaf.pem).filter(isSendableFieldValue),
      },
      { requiredKeys: [] },
    );
    await assertProperty('POST /token, odd forms and headers', fc.tuple(rawBody, headers), async ([body, oddHeaders]) => {
      const before = await fixture.countStored();
      expectRefusal(await post(body, oddHeaders));
      expect(await fixture.countStored()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a malformed client assertion, storing nothing and spending no jti', async () => {
    await assertProperty('POST /token, malformed assertion', arbitraryMalformedJws(validAssertion), async (assertion) => {
      const before = await fixture.countStored();
      expectRefusal(await post(fixture.assertionParams(assertion, { grant_type: 'client_credentials' })));
      expect(await fixture.countStored()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('answers a validly signed assertion with mutated claims without a 5xx, storing a token only on 200', async () => {
    const claims = { iss: client.clientId, sub: client.clientId, aud: `${TEST_MTLS_URL}/token`, iat: 0, exp: 0, jti: 'x', nbf: 0 };
    await assertProperty('POST /token, mutated assertion claims', arbitraryMutatedClaims(claims), async ({ mutations }) => {
      const overrides = buildClaimOverrides(mutations);
      const before = await fixture.countStored();
      const answer = await post(fixture.assertionParams(await fixture.signAssertion(client.clientId, overrides), { grant_type: 'client_credentials' }));
      const after = await fixture.countStored();
      if (answer.status === 200) {
        expect(after).toEqual({ ...before, accessTokens: before.accessTokens + 1, replayKeys: before.replayKeys + 1 });
        return;
      }
      expectRefusal(answer);
      // A validly signed assertion may spend its jti even when refused later (RFC 7523 §3 replay guard).
      expect({ ...after, replayKeys: before.replayKeys }).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('issues a token for a valid assertion (a fresh jti) in either form content type, so the refusals above are about the input', async () => {
    await assertProperty('POST /token, valid assertion', fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8'), async (contentType) => {
      const before = await fixture.countStored();
      const answer = await post(fixture.assertionParams(await fixture.signAssertion(client.clientId), { grant_type: 'client_credentials' }), { 'content-type': contentType });
      expect({ status: answer.status, cacheControl: answer.headers['cache-control'], body: answer.body }).toEqual({
        status: 200,
        cacheControl: 'no-store',
        body: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 300, scope: 'accounts payments' },
      });
      expect(await fixture.countStored()).toEqual({ ...before, accessTokens: before.accessTokens + 1, replayKeys: before.replayKeys + 1 });
    }, { numRuns: 5 });
  });
});
