import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { verifyLogoutToken, type LogoutTokenTrust } from './verify-logout-token';

const ISSUER = 'https://directory.example';
const CLIENT_ID = 'onboard-portal';
const NOW = new Date('2026-12-02T12:00:00Z');
const IAT = Math.floor(NOW.getTime() / 1000);
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const VALID = { iss: ISSUER, aud: CLIENT_ID, sub: 'sub-dora', iat: IAT, exp: IAT + 120, jti: 'jti-1', events: { [EVENT]: {} } };

let key: TestSigningKey;
let otherKey: TestSigningKey;
let rsaKey: TestSigningKey;
let trust: LogoutTokenTrust;

beforeAll(async () => {
  key = await createTestSigningKey('PS256', 'directory-key');
  otherKey = await createTestSigningKey('PS256', 'directory-key');
  rsaKey = await createTestSigningKey('RS256', 'directory-rs256-key');
  trust = { issuer: ISSUER, clientId: CLIENT_ID, algorithms: ['PS256'], keys: createLocalJWKSet({ keys: [key.publicJwk, rsaKey.publicJwk] }), now: NOW };
});

const sign = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, signingKey = key) =>
  signTestJws(payload, signingKey, { typ: 'logout+jwt', ...header });

describe('verifyLogoutToken', () => {
  it('accepts a logout token by subject and names the subject', async () => {
    expect(await verifyLogoutToken(await sign(VALID), trust)).toEqual({ ok: true, subject: 'sub-dora' });
  });

  it('accepts an audience array that contains the client', async () => {
    expect(await verifyLogoutToken(await sign({ ...VALID, aud: ['other', CLIENT_ID] }), trust)).toEqual({ ok: true, subject: 'sub-dora' });
  });

  it.each([
    ['signed by another key', () => sign(VALID, {}, otherKey), 'logout token signature verification failed'],
    ['signed with an algorithm other than the ID tokens\'', () => sign(VALID, {}, rsaKey), 'logout token "alg" is not allowed'],
    ['typed as a plain JWT (an ID token, say)', () => sign(VALID, { typ: 'JWT' }), 'logout token unexpected "typ" JWT header value'],
    ['from another issuer', () => sign({ ...VALID, iss: 'https://evil.example' }), 'logout token unexpected "iss" claim value'],
    ['for another client', () => sign({ ...VALID, aud: 'someone-else' }), 'logout token unexpected "aud" claim value'],
    ['expired', () => sign({ ...VALID, exp: IAT - 1 }), 'logout token has expired ("exp" is in the past)'],
    ['issued too long ago', () => sign({ ...VALID, iat: IAT - 600, exp: IAT + 60 }), 'logout token "iat" is more than 300 seconds in the past'],
    ['without a jti', () => sign({ ...VALID, jti: undefined }), 'logout token missing required "jti" claim'],
    ['without events', () => sign({ ...VALID, events: undefined }), 'logout token missing required "events" claim'],
    ['without the back-channel logout event', () => sign({ ...VALID, events: { 'http://example/other': {} } }), `logout token "events" must contain "${EVENT}"`],
    ['carrying a nonce (an ID token)', () => sign({ ...VALID, nonce: 'n-1' }), 'logout token must not contain "nonce"'],
    ['naming only a sid', () => sign({ ...VALID, sub: undefined, sid: 'sid-1' }), 'logout token missing required "sub" claim'],
    ['with an empty sub', () => sign({ ...VALID, sub: '' }), 'logout token "sub" must be a non-empty string'],
    ['not a JWS at all', async () => 'not-a-token', 'logout token is not a valid compact JWS'],
  ])('refuses a token %s', async (_case, token, description) => {
    expect(await verifyLogoutToken(await token(), trust)).toEqual({ ok: false, description });
  });
});
