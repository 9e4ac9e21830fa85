import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createGuardedFetch } from './guarded-fetch';
import { JwksFetchError, type JwksFetchErrorReason } from './jwks-fetch-error';

const JWKS = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' }] };

let server: TestJwksServer;
beforeAll(async () => {
  server = await startJwksServer();
});
afterAll(() => server.close());
afterEach(() => vi.restoreAllMocks());

function guardedFetch(overrides: { timeoutMs?: number; maxBytes?: number } = {}) {
  return createGuardedFetch({ allowedHosts: [server.host], timeoutMs: 1_000, maxBytes: 4_096, ...overrides });
}

async function failureOf(promise: Promise<unknown>): Promise<{ reason: JwksFetchErrorReason; message: string }> {
  const error = await promise.then(
    () => expect.unreachable('the fetch should have failed'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JwksFetchError);
  const { reason, message } = error as JwksFetchError;
  return { reason, message };
}

describe('createGuardedFetch', () => {
  it('fetches an allow-listed JWKS and answers 200 with its JSON', async () => {
    server.serve('/ok.jwks', { body: JWKS });
    const response = await guardedFetch()(server.url('/ok.jwks'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JWKS);
  });

  it('passes the caller headers, uses GET and never follows redirects', async () => {
    const seen: { method?: string; accept?: string } = {};
    server.serve('/headers.jwks', (request, response) => {
      seen.method = request.method;
      seen.accept = request.headers.accept;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(JWKS));
    });
    await guardedFetch()(server.url('/headers.jwks'), { headers: { accept: 'application/jwk-set+json' } });
    expect(seen).toEqual({ method: 'GET', accept: 'application/jwk-set+json' });
  });

  it.each([
    // Functions: the server's port is known only once it has started.
    ['a host not on the allow-list', () => `http://localhost:${server.port}/ok.jwks`, () => `JWKS host "localhost:${server.port}" is not allowed`],
    ['the allowed host on another port', () => `http://127.0.0.1:${server.port + 1}/ok.jwks`, () => `JWKS host "127.0.0.1:${server.port + 1}" is not allowed`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', () => 'JWKS host "169.254.169.254" is not allowed'],
    ['credentials in the URL', () => `http://user:pw@${server.host}/ok.jwks`, () => 'JWKS URL must not carry credentials'],
    ['a file: URL', () => 'file:///etc/passwd', () => 'JWKS URL must use https or http'],
    ['a relative URL', () => '/ok.jwks', () => 'JWKS URL is not an absolute URL'],
  ])('refuses %s without making any request', async (_label, url, message) => {
    server.serve('/ok.jwks', { body: JWKS });
    const fetchSpy = vi.fn(globalThis.fetch);
    const before = server.requestCount();
    const fetchJwks = createGuardedFetch({ allowedHosts: [server.host], timeoutMs: 1_000, maxBytes: 4_096, fetch: fetchSpy });
    expect(await failureOf(fetchJwks(url()))).toEqual({ reason: 'url_refused', message: message() });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(server.requestCount()).toBe(before);
  });

  it.each([301, 302, 303, 307, 308])('refuses a %i redirect, even to an allow-listed URL, and does not follow it', async (status) => {
    server.serve('/moved.jwks', { status, headers: { location: server.url('/ok.jwks') } });
    server.serve('/ok.jwks', { body: JWKS });
    const before = server.requestCount('/ok.jwks');
    expect(await failureOf(guardedFetch()(server.url('/moved.jwks')))).toEqual({
      reason: 'redirect',
      message: `JWKS endpoint answered with a redirect (HTTP ${status}); redirects are not followed`,
    });
    expect(server.requestCount('/ok.jwks')).toBe(before);
  });

  it('refuses any other status without echoing the body', async () => {
    server.serve('/error.jwks', { status: 500, body: 'secret stack trace' });
    const failure = await failureOf(guardedFetch()(server.url('/error.jwks')));
    expect(failure).toEqual({ reason: 'http_status', message: 'JWKS endpoint answered HTTP 500, expected 200' });
  });

  it('times out when the headers are slow', async () => {
    server.serve('/slow.jwks', { body: JWKS, delayMs: 2_000 });
    expect(await failureOf(guardedFetch({ timeoutMs: 100 })(server.url('/slow.jwks')))).toEqual({
      reason: 'timeout',
      message: 'JWKS request timed out after 100 ms',
    });
  });

  it('times out when the body trickles in', async () => {
    server.serve('/trickle.jwks', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":[');
      // …and never finishes.
    });
    expect(await failureOf(guardedFetch({ timeoutMs: 150 })(server.url('/trickle.jwks')))).toEqual({
      reason: 'timeout',
      message: 'JWKS request timed out after 150 ms',
    });
  });

  it('refuses a body over the cap from its Content-Length, before reading it', async () => {
    // Declares a large body, sends one byte and stalls: only the header can tell it is too large.
    server.serve('/big.jwks', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000000' });
      response.write('{');
    });
    expect(await failureOf(guardedFetch()(server.url('/big.jwks')))).toEqual({ reason: 'too_large', message: 'JWKS response exceeds 4096 bytes' });
  });

  it('refuses a complete body over the cap', async () => {
    server.serve('/big-complete.jwks', { body: { keys: [], padding: 'x'.repeat(5_000) } });
    expect(await failureOf(guardedFetch()(server.url('/big-complete.jwks')))).toEqual({ reason: 'too_large', message: 'JWKS response exceeds 4096 bytes' });
  });

  it('stops reading a streamed body (no Content-Length) once it passes the cap', async () => {
    let written = 0;
    let isClosed = false;
    server.serve('/endless.jwks', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.on('close', () => (isClosed = true));
      const chunk = 'x'.repeat(1_024);
      const pump = () => {
        while (!isClosed && written < 10_000_000 && response.write(chunk)) written += chunk.length;
        if (!isClosed && written < 10_000_000) response.once('drain', pump);
      };
      pump();
    });
    expect(await failureOf(guardedFetch()(server.url('/endless.jwks')))).toEqual({ reason: 'too_large', message: 'JWKS response exceeds 4096 bytes' });
    await vi.waitFor(() => expect(isClosed).toBe(true));
    expect(written).toBeLessThan(10_000_000);
  });

  it('accepts a body of exactly the cap', async () => {
    const body = JSON.stringify({ keys: [], padding: '' });
    const exact = JSON.stringify({ keys: [], padding: 'x'.repeat(4_096 - body.length) });
    expect(exact.length).toBe(4_096);
    server.serve('/exact.jwks', { body: exact });
    expect((await guardedFetch()(server.url('/exact.jwks'))).status).toBe(200);
  });

  it('refuses a body that is not JSON', async () => {
    server.serve('/html.jwks', { body: '<html>not json</html>' });
    expect(await failureOf(guardedFetch()(server.url('/html.jwks')))).toEqual({ reason: 'invalid_document', message: 'JWKS response is not JSON' });
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = await startJwksServer();
    await closed.close();
    const fetchJwks = createGuardedFetch({ allowedHosts: [closed.host], timeoutMs: 1_000, maxBytes: 4_096 });
    expect(await failureOf(fetchJwks(closed.url('/x.jwks')))).toEqual({ reason: 'network', message: 'JWKS request failed' });
  });

  it("rethrows the caller's abort reason when the caller aborts", async () => {
    server.serve('/slow-abort.jwks', { body: JWKS, delayMs: 2_000 });
    const reason = new DOMException('caller gave up', 'TimeoutError');
    const promise = guardedFetch()(server.url('/slow-abort.jwks'), { signal: AbortSignal.abort(reason) });
    await expect(promise).rejects.toBe(reason);
  });

  it.each([
    [{ timeoutMs: 0 }, '"timeoutMs" must be a positive integer'],
    [{ maxBytes: 1.5 }, '"maxBytes" must be a positive integer'],
  ])('rejects the limits %j', (limits, message) => {
    expect(() => createGuardedFetch({ allowedHosts: [], timeoutMs: 1_000, maxBytes: 1_000, ...limits })).toThrow(message);
  });
});

/** A name resolver that answers from a table, recording the names it was asked; unknown names fail as DNS does. */
function lookupFrom(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup = ((hostname: string, options: { all?: boolean }, callback: (error: NodeJS.ErrnoException | null, ...rest: unknown[]) => void) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      return;
    }
    const answers: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) callback(null, answers);
    else callback(null, answers[0]?.address, answers[0]?.family);
  }) as unknown as LookupFunction;
  return { lookup, asked };
}

describe('createGuardedFetch: redirects towards internal addresses', () => {
  // A real server on an allow-listed host answers every redirect status towards an SSRF target; one of them (the
  // "victim") listens on loopback, so that a followed redirect would show up in its request count.
  let victim: TestJwksServer;
  beforeAll(async () => {
    victim = await startJwksServer();
    victim.serve('/latest/meta-data/', { body: JWKS });
  });
  afterAll(() => victim.close());

  const targets = [
    ['loopback (a listening server)', () => victim.url('/latest/meta-data/')],
    ['localhost', () => `http://localhost:${victim.port}/latest/meta-data/`],
    ['IPv6 loopback', () => `http://[::1]:${victim.port}/`],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${victim.port}/`],
    ['a private address', () => 'http://10.0.0.1/'],
    ['a link-local address', () => 'http://169.254.1.1/'],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['the GCP metadata name', () => 'http://metadata.google.internal/computeMetadata/v1/'],
    ['the AWS IPv6 metadata address', () => 'http://[fd00:ec2::254]/latest/meta-data/'],
    ['a relative path', () => '/latest/meta-data/'],
  ] as const;
  const cases = [301, 302, 303, 307, 308].flatMap((status) => targets.map(([label, location]) => [status, label, location] as const));

  it.each(cases)('does not follow a %i to %s, and says why', async (status, _label, location) => {
    const path = `/moved-${status}.jwks`;
    server.serve(path, { status, headers: { location: location() } });
    const before = victim.requestCount();
    expect(await failureOf(guardedFetch()(server.url(path)))).toEqual({
      reason: 'redirect',
      message: `JWKS endpoint answered with a redirect (HTTP ${status}); redirects are not followed`,
    });
    expect(victim.requestCount()).toBe(before);
  });
});

describe('createGuardedFetch: allow-listed names that resolve to internal addresses', () => {
  // The allow-list names keystore.example on the test server's port; the injected resolver decides where it points.
  const fetchVia = (table: Record<string, string[]>, host = 'keystore.example') => {
    const resolver = lookupFrom(table);
    const fetchJwks = createGuardedFetch({ allowedHosts: [`${host}:${server.port}`], timeoutMs: 1_000, maxBytes: 4_096, lookup: resolver.lookup });
    return { fetchJwks, asked: resolver.asked };
  };

  it.each([
    ['loopback', ['127.0.0.1'], 'a loopback'],
    ['loopback elsewhere in 127/8', ['127.3.2.1'], 'a loopback'],
    ['IPv6 loopback', ['::1'], 'a loopback'],
    ['IPv4-mapped loopback', ['::ffff:127.0.0.1'], 'a loopback'],
    ['10/8', ['10.0.0.7'], 'a private'],
    ['172.16/12', ['172.20.1.1'], 'a private'],
    ['192.168/16', ['192.168.0.10'], 'a private'],
    ['fc00::/7', ['fd00::1'], 'a private'],
    ['169.254/16', ['169.254.10.10'], 'a link-local'],
    ['fe80::/10', ['fe80::1'], 'a link-local'],
    ['the metadata address', ['169.254.169.254'], 'a link-local'],
    ['the AWS IPv6 metadata address', ['fd00:ec2::254'], 'a private'],
    ['the unspecified address', ['0.0.0.0'], 'a reserved'],
    ['a public and a private address', ['93.184.215.14', '10.0.0.7'], 'a private'],
    ['no address', [], 'no'],
  ])('refuses a name resolving to %s, before connecting', async (_label, addresses, kind) => {
    server.serve('/ok.jwks', { body: JWKS });
    const before = server.requestCount();
    const { fetchJwks, asked } = fetchVia({ 'keystore.example': addresses });
    expect(await failureOf(fetchJwks(`https://keystore.example:${server.port}/ok.jwks`))).toEqual({
      reason: 'address_refused',
      message: `JWKS host "keystore.example" resolves to ${kind} address; only public addresses are fetched`,
    });
    expect(asked).toEqual(['keystore.example']);
    expect(server.requestCount()).toBe(before);
  });

  it('lets localhost, and only localhost, resolve to loopback: the embedded sandbox directory keeps working', async () => {
    server.serve('/ok.jwks', { body: JWKS });
    for (const name of ['localhost', 'directory.localhost']) {
      const { fetchJwks } = fetchVia({ [name]: ['127.0.0.1'] }, name);
      expect(await (await fetchJwks(`http://${name}:${server.port}/ok.jwks`)).json()).toEqual(JWKS);
    }
    const { fetchJwks } = fetchVia({ localhost: ['10.0.0.7'] }, 'localhost');
    expect(await failureOf(fetchJwks(`http://localhost:${server.port}/ok.jwks`))).toEqual({
      reason: 'address_refused',
      message: 'JWKS host "localhost" resolves to a private address; only public addresses are fetched',
    });
  });

  it('resolves the real localhost with the system resolver and fetches from it', async () => {
    server.serve('/ok.jwks', { body: JWKS });
    const fetchJwks = createGuardedFetch({ allowedHosts: [`localhost:${server.port}`], timeoutMs: 1_000, maxBytes: 4_096 });
    expect(await (await fetchJwks(`http://localhost:${server.port}/ok.jwks`)).json()).toEqual(JWKS);
  });

  it('does not resolve an allow-listed IP address: the bank named it', async () => {
    server.serve('/ok.jwks', { body: JWKS });
    const { lookup, asked } = lookupFrom({});
    const fetchJwks = createGuardedFetch({ allowedHosts: [server.host], timeoutMs: 1_000, maxBytes: 4_096, lookup });
    expect((await fetchJwks(server.url('/ok.jwks'))).status).toBe(200);
    expect(asked).toEqual([]);
  });

  it('lets a name resolving to a public address through to the connection', async () => {
    const { lookup, asked } = lookupFrom({ 'keystore.example': ['93.184.215.14'] });
    const fetchJwks = createGuardedFetch({ allowedHosts: ['keystore.example:9'], timeoutMs: 300, maxBytes: 4_096, lookup });
    // The test machine has no route there (or the discard port does not answer): the failure is the connection's.
    const failure = await failureOf(fetchJwks('https://keystore.example:9/x.jwks'));
    expect(['network', 'timeout']).toContain(failure.reason);
    expect(asked).toEqual(['keystore.example']);
  });
});

