// Regressions for `POST /register` (lib/api-host/endpoints/register-client.ts) against a real test database: a validly
// signed registration JWT whose "exp" is beyond any timestamp, or whose "jti" holds NUL or a lone surrogate,
// once reached the replay guard as something the database cannot hold and answered 500. Such a "jti" is now
// refused with the request's structure, before any replay key is claimed. A far "exp" was then registered, its
// replay row kept until the year 9999 (issue 15); it is now refused by the lifetime cap (*policy*, default 60
// minutes), and no replay row is written for it.
import { describe, expect, it } from 'vitest';

import { registerClient } from '@/lib/api-host/endpoints/register-client';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import { getDb } from '@/lib/db';
import type { RegistrationRouteFixture } from '@/lib/testing/start-registration-route-fixture';
import { useRegistrationRouteFixture } from '@/lib/testing/use-registration-route-fixture';

let fixture: RegistrationRouteFixture;

useRegistrationRouteFixture((started) => (fixture = started));

const TOO_LONG = { error: 'invalid_client_metadata', error_description: '"exp" must be at most 60 minutes after "iat"' };

describe('POST /register with an "exp" beyond the lifetime cap', () => {
  it.each<[string, Record<string, unknown>]>([
    ['"exp" in the year 9999', { exp: 253_402_300_799 }],
    ['"exp" in the year 10000', { exp: 253_402_300_800 }],
    ['"exp" past what a Date holds', { exp: 8.64e12 + 1 }],
    ['"exp" of 1e308', { exp: 1e308 }],
  ])('refuses a validly signed request with %s, storing no client and no replay row', async (_label, overrides) => {
    const before = { clients: await getDb().client.count(), replayKeys: await getDb().replayGuard.count() };
    const refused = await callThroughTerminator(registerClient, await fixture.registrationRequest(overrides));
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 400, body: TOO_LONG });
    expect({ clients: await getDb().client.count(), replayKeys: await getDb().replayGuard.count() }).toEqual(before);
  });
});

describe('POST /register with a "jti" the database cannot hold', () => {
  it.each<[string, string]>([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', '\uDFFF'],
  ])('refuses a validly signed request whose "jti" has %s, and stores nothing', async (_label, jti) => {
    const before = { clients: await getDb().client.count(), replayKeys: await getDb().replayGuard.count() };
    const refused = await callThroughTerminator(registerClient, await fixture.registrationRequest({ jti }));
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 400,
      body: { error: 'invalid_client_metadata', error_description: 'registration request claim "jti" holds a NUL character or an unpaired surrogate' },
    });
    expect({ clients: await getDb().client.count(), replayKeys: await getDb().replayGuard.count() }).toEqual(before);
  });
});
