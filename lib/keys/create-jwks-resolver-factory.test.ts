import { compactVerify, errors } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createJwksResolverFactory, type JwksResolverFactoryOptions } from './create-jwks-resolver-factory';
import { JwksFetchError } from './jwks-fetch-error';
import type { KeyResolver } from './key-resolver';

const PATH = '/keystore/openbanking.jwks';

let server: TestJwksServer;
let keyA: TestSigningKey;
let keyB: TestSigningKey;
let path: string;
let pathCounter = 0;

beforeAll(async () => {
  server = await startJwksServer();
  [keyA, keyB] = await Promise.all([createTestSigningKey('PS256', 'key-a'), createTestSigningKey('ES256', 'key-b')]);
});
afterAll(() => server.close());
beforeEach(() => {
  // Each test gets its own path, so request counts never mix.
  pathCounter += 1;
  path = `${PATH}/${pathCounter}`;
  server.serve(path, { body: { keys: [keyA.publicJwk] } });
});
afterEach(() => {
  vi.useRealTimers();
});

function factory(overrides: Partial<JwksResolverFactoryOptions> = {}) {
  return createJwksResolverFactory({ allowedHosts: [server.host], ...overrides });
}

async function verifyWith(resolveKey: KeyResolver, key: TestSigningKey): Promise<unknown> {
  const { payload } = await compactVerify(await signTestJws({ sub: 'x' }, key), resolveKey, { algorithms: ['PS256', 'ES256'] });
  return JSON.parse(new TextDecoder().decode(payload));
}

describe('createJwksResolverFactory', () => {
  it('resolves a key from an allow-listed JWKS and verifies with it', async () => {
    const resolveKey = factory()(server.url(path));
    expect(await verifyWith(resolveKey, keyA)).toEqual({ sub: 'x' });
    expect(server.requestCount(path)).toBe(1);
  });

  it('memoises one remote set per URL: a second resolver for the same URL shares the cache', async () => {
    const resolverFor = factory();
    expect(resolverFor(server.url(path))).toBe(resolverFor(server.url(path)));
    await verifyWith(resolverFor(server.url(path)), keyA);
    await verifyWith(resolverFor(server.url(path)), keyA);
    expect(server.requestCount(path)).toBe(1);
  });

  it('caches the JWKS for cacheMaxAgeMs, then fetches it again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const resolveKey = factory({ cacheMaxAgeMs: 60_000 })(server.url(path));
    await verifyWith(resolveKey, keyA);
    vi.setSystemTime(Date.now() + 59_000);
    await verifyWith(resolveKey, keyA);
    expect(server.requestCount(path)).toBe(1);
    vi.setSystemTime(Date.now() + 2_000);
    await verifyWith(resolveKey, keyA);
    expect(server.requestCount(path)).toBe(2);
  });

  it('refetches exactly once for an unknown kid, then fails with no matching key', async () => {
    const resolveKey = factory({ cooldownMs: 0 })(server.url(path));
    await verifyWith(resolveKey, keyA);
    const failure = verifyWith(resolveKey, keyB);
    await expect(failure).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(server.requestCount(path)).toBe(2);
  });

  it('does not refetch for an unknown kid when the JWKS was just fetched (cold cache, default cooldown)', async () => {
    const resolveKey = factory()(server.url(path));
    await expect(verifyWith(resolveKey, keyB)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(server.requestCount(path)).toBe(1);
  });

  it('respects the cooldown: unknown kids right after a fetch cause no further requests', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const resolveKey = factory({ cooldownMs: 30_000 })(server.url(path));
    await verifyWith(resolveKey, keyA);
    await expect(verifyWith(resolveKey, keyB)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await expect(verifyWith(resolveKey, keyB)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(server.requestCount(path)).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await expect(verifyWith(resolveKey, keyB)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(server.requestCount(path)).toBe(2);
  });

  it('picks up a rotated key after one refetch (OB-RULES SSA 2)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const resolveKey = factory()(server.url(path));
    await verifyWith(resolveKey, keyA);
    server.serve(path, { body: { keys: [keyB.publicJwk] } });
    vi.setSystemTime(Date.now() + 1_001); // past the default one-second cooldown
    expect(await verifyWith(resolveKey, keyB)).toEqual({ sub: 'x' });
    expect(server.requestCount(path)).toBe(2);
  });

  it.each([
    ['a host not on the allow-list', () => `http://localhost:${server.port}${PATH}`],
    ['the allowed host on another port', () => `http://127.0.0.1:${server.port + 1}${PATH}`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['credentials', () => `http://user:pw@${server.host}${PATH}`],
    ['file:', () => 'file:///etc/passwd'],
    ['not a URL', () => 'not a url'],
  ])('refuses %s with a JwksFetchError and makes no request', async (_label, url) => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const before = server.requestCount();
    const resolveKey = factory({ fetch: fetchSpy })(url());
    const error = await verifyWith(resolveKey, keyA).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as JwksFetchError).reason).toBe('url_refused');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(server.requestCount()).toBe(before);
  });

  it.each([
    ['a redirect', { status: 302, headers: { location: '/elsewhere' } }, 'redirect'],
    ['a 500', { status: 500 }, 'http_status'],
    ['an oversized JWKS', { body: { keys: [], padding: 'x'.repeat(2_000) } }, 'too_large'],
    ['a slow JWKS', { body: { keys: [] }, delayMs: 1_000 }, 'timeout'],
  ] as const)('fails with a JwksFetchError on %s', async (_label, route, reason) => {
    server.serve(path, route);
    const resolveKey = factory({ timeoutMs: 100, maxBytes: 1_024 })(server.url(path));
    const error = await verifyWith(resolveKey, keyA).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as JwksFetchError).reason).toBe(reason);
  });

  it('fails with jose ERR_JWKS_INVALID when the document is JSON but not a JWKS', async () => {
    server.serve(path, { body: { not: 'a jwks' } });
    await expect(verifyWith(factory()(server.url(path)), keyA)).rejects.toMatchObject({ code: 'ERR_JWKS_INVALID' });
  });
});
