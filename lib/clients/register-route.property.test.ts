// Bad input for the DCR route handlers, `POST /register` (lib/api-host/endpoints/register-client.ts) and
// `GET/PUT/DELETE /register/{clientId}` (lib/api-host/endpoints/manage-registration.ts), called as the API host calls
// them against a real test database. They live here because vitest collects tests from lib/ only.
// Properties: never a 5xx; every refusal an RFC 7591/6749 JSON error; nothing stored for a refused request
// (no client, organisation, token or accepted-kind audit event; no replay key unless the request was validly
// signed: a signed registration JWT's jti is spent by design, see validate-registration-request.ts).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { registerClient } from '@/lib/api-host/endpoints/register-client';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import { deleteRegistration, readRegistration, updateRegistration } from '@/lib/api-host/endpoints/manage-registration';
import { getDb } from '@/lib/db';
import { arbitraryInvalidUtf8 } from '@/lib/testing/arbitraries/arbitrary-invalid-utf8';
import { arbitraryMalformedJws } from '@/lib/testing/arbitraries/arbitrary-malformed-jws';
import { arbitraryMutatedClaims } from '@/lib/testing/arbitraries/arbitrary-mutated-claims';
import { arbitraryOddAuthorizationHeader } from '@/lib/testing/arbitraries/arbitrary-odd-authorization-header';
import { arbitraryOddCertificateHeader } from '@/lib/testing/arbitraries/arbitrary-odd-certificate-header';
import { arbitraryOddContentType } from '@/lib/testing/arbitraries/arbitrary-odd-content-type';
import { arbitraryOddJsonValue } from '@/lib/testing/arbitraries/arbitrary-odd-json-value';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { buildClaimOverrides } from '@/lib/testing/arbitraries/build-claim-overrides';
import type { RegistrationRouteFixture } from '@/lib/testing/start-registration-route-fixture';
import { useRegistrationRouteFixture } from '@/lib/testing/use-registration-route-fixture';
import { storeTestAccessToken } from '@/lib/authorization-server/testing/store-test-access-token';

// Each case is a whole request against the database: fewer runs than the pure validators get.
const NUM_RUNS = 40;
const REFUSAL_STATUSES = [400, 401, 403, 413];
// The registration JWT claims a mutation may touch (buildRegistrationClaims).
const REGISTRATION_CLAIMS = ['iss', 'aud', 'iat', 'exp', 'jti', 'software_statement', 'token_endpoint_auth_method', 'token_endpoint_auth_signing_alg', 'grant_types', 'response_types', 'id_token_signed_response_alg', 'request_object_signing_alg', 'application_type', 'scope', 'redirect_uris', 'software_id', 'tls_client_auth_subject_dn'];

let fixture: RegistrationRouteFixture;
let validRequest: Request;
let validBody: string;
let registeredClientId: string;
let accessToken: string;

useRegistrationRouteFixture((started) => (fixture = started));
beforeAll(async () => {
  validRequest = await fixture.registrationRequest();
  validBody = await validRequest.clone().text();
  // One registered client, and a token bound to its certificate, for the management endpoints.
  const registered = await callThroughTerminator(registerClient, await fixture.registrationRequest());
  expect(registered.status).toBe(201);
  registeredClientId = ((await registered.json()) as { client_id: string }).client_id;
  accessToken = await storeTestAccessToken(getDb(), { clientId: registeredClientId, certificateThumbprint: leafThumbprint() });
});

// RFC 8705 x5t#S256 of the transport certificate, the binding of the tokens issued here.
const leafThumbprint = (): string => createHash('sha256').update(Buffer.from(fixture.certificates.leaf.certificate.rawData)).digest('base64url');

type Snapshot = { clients: number; organisations: number; accessTokens: number; acceptedEvents: number; replayKeys: number };

// What a refused request must not change: everything but the refusal's own audit event.
async function snapshot(): Promise<Snapshot> {
  const db = getDb();
  return {
    clients: await db.client.count({ where: { deletedAt: null } }),
    organisations: await db.organisation.count(),
    accessTokens: await db.authorizationServerPayload.count({ where: { kind: 'ClientCredentials' } }),
    acceptedEvents: await db.auditEvent.count({ where: { action: { notIn: ['client.registration_refused'] } } }),
    replayKeys: await db.replayGuard.count(),
  };
}

// Never a 5xx; a refusal is `{ error, error_description }` and not cached.
async function expectRefusal(response: Response): Promise<void> {
  expect(response.status, 'status').toBeOneOf(REFUSAL_STATUSES);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(body.error).toEqual(expect.any(String));
  expect(body.error_description).toEqual(expect.any(String));
}

function requestWith(init: { body?: BodyInit | null; headers?: Record<string, string | null>; method?: string; url?: string }): Request {
  const headers = new Headers(validRequest.headers);
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new Request(init.url ?? validRequest.url, { method: init.method ?? 'POST', headers, body: init.body === undefined ? validBody : init.body });
}


async function expectPostRefusedStoringNothing(request: Request, options: { mayClaimReplayKey?: boolean } = {}): Promise<void> {
  const before = await snapshot();
  await expectRefusal(await callThroughTerminator(registerClient, request));
  const after = await snapshot();
  expect(options.mayClaimReplayKey ? { ...after, replayKeys: before.replayKeys } : after).toEqual(before);
}

describe('POST /register with bad input', () => {
  it('refuses a malformed registration JWT and stores nothing', async () => {
    await assertProperty('POST /register, malformed JWS', arbitraryMalformedJws(validBody), (body) => expectPostRefusedStoringNothing(requestWith({ body })), {
      numRuns: NUM_RUNS,
    });
  });

  it('refuses a body that is not UTF-8 and stores nothing', async () => {
    await assertProperty('POST /register, invalid UTF-8', arbitraryInvalidUtf8(validBody), (bytes) => expectPostRefusedStoringNothing(requestWith({ body: Buffer.from(bytes) })), {
      numRuns: NUM_RUNS,
    });
  });

  it('refuses a valid JWT with an odd content type or forwarded certificate, storing nothing but its spent jti', async () => {
    const oddHeaders = fc.oneof(
      arbitraryOddContentType().map((value) => ({ 'content-type': value })),
      arbitraryOddCertificateHeader(fixture.certificates.leaf.pem).map((value) => ({ 'x-ssl-client-cert': value })),
    );
    await assertProperty('POST /register, odd headers', oddHeaders, async (headers) => {
      const body = await (await fixture.registrationRequest()).text();
      await expectPostRefusedStoringNothing(requestWith({ body, headers }), { mayClaimReplayKey: true });
    }, { numRuns: NUM_RUNS });
  });

  it('answers a validly signed JWT with mutated claims without a 5xx, storing a client only when it registers one', async () => {
    const claims = Object.fromEntries(REGISTRATION_CLAIMS.map((name) => [name, 'placeholder']));
    await assertProperty('POST /register, mutated claims', arbitraryMutatedClaims(claims, REGISTRATION_CLAIMS), async ({ mutations }) => {
      const overrides = buildClaimOverrides(mutations);
      const before = await snapshot();
      const response = await callThroughTerminator(registerClient, await fixture.registrationRequest(overrides));
      const after = await snapshot();
      if (response.status === 201) {
        expect(after.clients).toBe(before.clients + 1);
        return;
      }
      await expectRefusal(response);
      expect({ ...after, replayKeys: before.replayKeys }).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('registers the valid request after a no-op mutation (a fresh jti), so the refusals above are about the input', async () => {
    await assertProperty('POST /register, no-op mutation', fc.constantFrom('application/jwt', 'application/jose; charset=utf-8'), async (contentType) => {
      const body = await (await fixture.registrationRequest()).text();
      const response = await callThroughTerminator(registerClient, requestWith({ body, headers: { 'content-type': contentType } }));
      expect(response.status).toBe(201);
    }, { numRuns: 5 });
  });
});

describe('/register/{clientId} with bad input', () => {
  const manage = (method: 'GET' | 'PUT' | 'DELETE', clientId: string, headers: Record<string, string | null>, body?: BodyInit) => {
    const handler = { GET: readRegistration, PUT: updateRegistration, DELETE: deleteRegistration }[method];
    const request = requestWith({ method, url: `${validRequest.url}/client` /* the handler reads the id from params */, headers, body: method === 'PUT' ? (body ?? validBody) : null });
    return callThroughTerminator(handler, request, { clientId });
  };

  it('refuses an odd Authorization header on every method and stores nothing', async () => {
    const cases = fc.tuple(fc.constantFrom<'GET' | 'PUT' | 'DELETE'>('GET', 'PUT', 'DELETE'), arbitraryOddAuthorizationHeader());
    await assertProperty('/register/{id}, odd Authorization', cases, async ([method, authorization]) => {
      const before = await snapshot();
      await expectRefusal(await manage(method, registeredClientId, { authorization }));
      expect(await snapshot()).toEqual(before);
    }, { numRuns: NUM_RUNS });
  });

  it('answers an odd client id with a valid token without a 5xx, and deletes no client', async () => {
    const clientIds = fc.oneof(arbitraryOddJsonValue().map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '')), fc.string({ unit: 'binary', maxLength: 40 }));
    await assertProperty('/register/{id}, odd client id', fc.tuple(fc.constantFrom<'GET' | 'DELETE'>('GET', 'DELETE'), clientIds), async ([method, clientId]) => {
      fc.pre(clientId !== registeredClientId);
      const before = await snapshot();
      // The token is revoked when presented for an unknown client id (OB-RULES management), so each case gets its own.
      const token = await storeTestAccessToken(getDb(), { clientId: registeredClientId, certificateThumbprint: leafThumbprint() });
      await expectRefusal(await manage(method, clientId, { authorization: `Bearer ${token}` }));
      expect((await snapshot()).clients).toBe(before.clients);
    }, { numRuns: NUM_RUNS });
  });

  // Regression: a NUL or a lone surrogate in the client id reached PostgreSQL, whose text holds neither: 500.
  it.each(['\u0000', 'a\uDFFF'])('answers GET /register/{%j} with a valid token as an unknown client id (401), not a 500', async (clientId) => {
    const token = await storeTestAccessToken(getDb(), { clientId: registeredClientId, certificateThumbprint: leafThumbprint() });
    const response = await manage('GET', clientId, { authorization: `Bearer ${token}` });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 401,
      body: { error: 'invalid_token', error_description: 'unknown client id; the presented access token has been revoked' },
    });
  });

  it('refuses a malformed PUT body from the client itself and changes nothing', async () => {
    await assertProperty('PUT /register/{id}, malformed JWS', arbitraryMalformedJws(validBody), async (body) => {
      const stored = await getDb().client.findUniqueOrThrow({ where: { clientId: registeredClientId } });
      const before = await snapshot();
      await expectRefusal(await manage('PUT', registeredClientId, { authorization: `Bearer ${accessToken}` }, body));
      expect(await snapshot()).toEqual(before);
      expect(await getDb().client.findUniqueOrThrow({ where: { clientId: registeredClientId } })).toEqual(stored);
    }, { numRuns: NUM_RUNS });
  });
});
