import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createJwksFetcher } from './create-jwks-fetcher';
import { JwksFetchError } from './jwks-fetch-error';

const JWKS = { keys: [{ kty: 'RSA', kid: 'tls-1', use: 'tls', x5c: ['MIIB…'] }] };

let server: TestJwksServer;
let path: string;
let pathCounter = 0;
let clock = 1_000_000;

beforeAll(async () => {
  server = await startJwksServer();
});
afterAll(() => server.close());
beforeEach(() => {
  pathCounter += 1;
  path = `/org/software-${pathCounter}.jwks`;
  server.serve(path, { body: JWKS });
});

function fetcher(overrides: { cacheMaxAgeMs?: number; fetch?: typeof fetch } = {}) {
  return createJwksFetcher({ allowedHosts: [server.host], now: () => clock, timeoutMs: 200, maxBytes: 1_024, ...overrides });
}

describe('createJwksFetcher', () => {
  it('fetches the whole JWKS document', async () => {
    expect(await fetcher()(server.url(path))).toEqual(JWKS);
  });

  it('sends an Accept header for JWK sets', async () => {
    let accept: string | undefined;
    server.serve(path, (request, response) => {
      accept = request.headers.accept;
      response.writeHead(200).end(JSON.stringify(JWKS));
    });
    await fetcher()(server.url(path));
    expect(accept).toBe('application/jwk-set+json, application/json');
  });

  it('caches for cacheMaxAgeMs, then fetches again', async () => {
    const fetchJwks = fetcher({ cacheMaxAgeMs: 60_000 });
    await fetchJwks(server.url(path));
    clock += 59_999;
    await fetchJwks(server.url(path));
    expect(server.requestCount(path)).toBe(1);
    clock += 1;
    await fetchJwks(server.url(path));
    expect(server.requestCount(path)).toBe(2);
  });

  it('reads again when asked to refresh, and caches what it read for the callers after', async () => {
    const fetchJwks = fetcher({ cacheMaxAgeMs: 60_000 });
    await fetchJwks(server.url(path));
    const rotated = { keys: [{ kty: 'RSA', kid: 'tls-2', use: 'tls', x5c: ['MIIC…'] }] };
    server.serve(path, { body: rotated });
    expect(await fetchJwks(server.url(path))).toEqual(JWKS);
    expect(await fetchJwks(server.url(path), { refresh: true })).toEqual(rotated);
    expect(await fetchJwks(server.url(path))).toEqual(rotated);
    expect(server.requestCount(path)).toBe(2);
  });

  it('shares one request between concurrent callers', async () => {
    server.serve(path, { body: JWKS, delayMs: 50 });
    const fetchJwks = fetcher();
    const documents = await Promise.all([fetchJwks(server.url(path)), fetchJwks(server.url(path)), fetchJwks(server.url(path))]);
    expect(documents).toEqual([JWKS, JWKS, JWKS]);
    expect(server.requestCount(path)).toBe(1);
  });

  it('hands out copies, so a caller cannot change the cache', async () => {
    const fetchJwks = fetcher();
    const first = await fetchJwks(server.url(path));
    first.keys.length = 0;
    expect(await fetchJwks(server.url(path))).toEqual(JWKS);
  });

  it('does not cache failures', async () => {
    server.serve(path, { status: 503 });
    const fetchJwks = fetcher();
    await expect(fetchJwks(server.url(path))).rejects.toMatchObject({ reason: 'http_status' });
    server.serve(path, { body: JWKS });
    expect(await fetchJwks(server.url(path))).toEqual(JWKS);
    expect(server.requestCount(path)).toBe(2);
  });

  it.each([
    ['JSON that is not a JWKS', { body: { keys: 'nope' } }, 'invalid_document', 'JWKS response is not a JSON Web Key Set'],
    ['a redirect', { status: 302, headers: { location: '/x' } }, 'redirect', 'JWKS endpoint answered with a redirect (HTTP 302); redirects are not followed'],
    ['an oversized body', { body: { keys: [], padding: 'x'.repeat(2_000) } }, 'too_large', 'JWKS response exceeds 1024 bytes'],
    ['a slow answer', { body: JWKS, delayMs: 1_000 }, 'timeout', 'JWKS request timed out after 200 ms'],
  ] as const)('fails on %s', async (_label, route, reason, message) => {
    server.serve(path, route);
    await expect(fetcher()(server.url(path))).rejects.toMatchObject({ name: 'JwksFetchError', reason, message });
  });

  it.each([
    ['a host not on the allow-list', () => `http://localhost:${server.port}/org/x.jwks`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['credentials', () => `http://user:pw@${server.host}/org/x.jwks`],
    ['file:', () => 'file:///etc/passwd'],
  ])('refuses %s without making a request', async (_label, url) => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const before = server.requestCount();
    const error = await fetcher({ fetch: fetchSpy })(url()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as JwksFetchError).reason).toBe('url_refused');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(server.requestCount()).toBe(before);
  });
});
