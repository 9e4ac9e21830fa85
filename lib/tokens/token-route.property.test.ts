// Bad input for `POST /token` (lib/api-host/endpoints/issue-token.ts), called as the API host calls it against a real test
// database; it lives here because vitest collects tests from lib/ only. Properties: never a 5xx; every
// refusal an RFC 6749 JSON error; no access token issued and no replay key spent for a refused request that
// carried no validly signed assertion.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { issueToken } from '@/lib/api-host/endpoints/issue-token';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import type { Client } from '@/lib/db';
import { getDb } from '@/lib/db';
import { arbitraryMalformedJws } from '@/lib/testing/arbitraries/arbitrary-malformed-jws';
import { arbitraryMutatedClaims } from '@/lib/testing/arbitraries/arbitrary-mutated-claims';
import { arbitraryOddAuthorizationHeader } from '@/lib/testing/arbitraries/arbitrary-odd-authorization-header';
import { arbitraryOddCertificateHeader } from '@/lib/testing/arbitraries/arbitrary-odd-certificate-header';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { buildClaimOverrides } from '@/lib/testing/arbitraries/build-claim-overrides';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';

import { TEST_MTLS_URL, type TokenTestFixture } from './testing/start-token-test-fixture';
import { JWT_BEARER_ASSERTION_TYPE } from './token-policy';

const NUM_RUNS = 50;
const REFUSAL_STATUSES = [400, 401, 413];
const PARAMETER_NAMES = ['grant_type', 'client_id', 'client_assertion', 'client_assertion_type', 'scope', 'client_secret', 'x'];

let fixture: TokenTestFixture;
let client: Client;
let validAssertion: string;

// Rate limits off: the properties send bursts on purpose.
useTokenTestFixture((started) => (fixture = started), { RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
beforeAll(async () => {
  client = await fixture.createClient();
  validAssertion = await fixture.signAssertion(client.clientId);
});

async function counts(): Promise<{ accessTokens: number; replayKeys: number; clients: number }> {
  const db = getDb();
  return { accessTokens: await db.accessToken.count(), replayKeys: await db.replayGuard.count(), clients: await db.client.count() };
}

function post(body: BodyInit, headers: Record<string, string | null> = {}): Promise<Response> {
  const merged = new Headers({ 'content-type': 'application/x-www-form-urlencoded', ...fixture.terminatorHeaders(fixture.certificates.leaf.pem) });
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) merged.delete(name);
    else merged.set(name, value);
  }
  return callThroughTerminator(issueToken, new Request(`${TEST_MTLS_URL}/token`, { method: 'POST', headers: merged, body }));
}

async function expectRefusal(response: Response): Promise<void> {
  expect(response.status, 'status').toBeOneOf(REFUSAL_STATUSES);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
}

const oddValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('client_credentials', JWT_BEARER_ASSERTION_TYPE, 'authorization_code', '', '\u0000', 'openid accounts'),
);

describe('POST /token with bad input', () => {
  it('refuses odd forms, content types, Authorization and certificate headers, issuing nothing', async () => {
    const form = fc.dictionary(fc.constantFrom(...PARAMETER_NAMES), oddValue, { maxKeys: 5 }).map((params) => new URLSearchParams(params).toString());
    const rawBody = fc.oneof(form, fc.string({ unit: 'binary', maxLength: 200 }), fc.constant('grant_type=client_credentials&grant_type=client_credentials'), fc.constant('a=%zz&b=%E2%82'));
    const headers = fc.record(
      {
        'content-type': fc.constantFrom<string | null>(null, 'application/json', 'APPLICATION/X-WWW-FORM-URLENCODED', 'multipart/form-data', 'application/x-www-form-urlencoded;;'),
        authorization: arbitraryOddAuthorizationHeader(),
        'x-ssl-client-cert': arbitraryOddCertificateHeader(fixture.certificates.leaf.pem),
      },
      { requiredKeys: [] },
    );
    await assertProperty('POST /token, odd forms and headers', fc.tuple(rawBody, headers), async ([body, oddHeaders]) => {
      const before = await counts();
      await expectRefusal(await post(body, oddHeaders));
      expect(await counts()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a malformed client assertion, issuing nothing and spending no jti', async () => {
    await assertProperty('POST /token, malformed assertion', arbitraryMalformedJws(validAssertion), async (assertion) => {
      const before = await counts();
      // Whitespace inside included: jose's base64url decoder would skip it, the strict compact JWS check does not.
      await expectRefusal(await post(fixture.assertionParams(assertion, { grant_type: 'client_credentials' })));
      expect(await counts()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('answers a validly signed assertion with mutated claims without a 5xx, issuing a token only on 200', async () => {
    const claims = { iss: client.clientId, sub: client.clientId, aud: `${TEST_MTLS_URL}/token`, iat: 0, exp: 0, jti: 'x', nbf: 0 };
    await assertProperty('POST /token, mutated assertion claims', arbitraryMutatedClaims(claims), async ({ mutations }) => {
      const overrides = buildClaimOverrides(mutations);
      const before = await counts();
      const response = await post(fixture.assertionParams(await fixture.signAssertion(client.clientId, overrides), { grant_type: 'client_credentials' }));
      const after = await counts();
      if (response.status === 200) {
        expect(after.accessTokens).toBe(before.accessTokens + 1);
        return;
      }
      await expectRefusal(response);
      // A validly signed assertion spends its jti even when refused later (RFC 7523 replay guard).
      expect({ ...after, replayKeys: before.replayKeys }).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('issues a token for a valid assertion after a no-op mutation (a fresh jti), so the refusals above are about the input', async () => {
    await assertProperty('POST /token, no-op mutation', fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8'), async (contentType) => {
      const response = await post(fixture.assertionParams(await fixture.signAssertion(client.clientId), { grant_type: 'client_credentials' }), { 'content-type': contentType });
      expect(response.status).toBe(200);
    }, { numRuns: 5 });
  });
});
