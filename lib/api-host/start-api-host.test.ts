import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as requestHttp, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as requestHttps, type RequestOptions } from 'node:https';
import { createConnection, createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { x509 } from '@/lib/certificates/x509';
import { jsonAnswer } from '@/lib/http/api-answer';
import { MTLS_PROXY_SECRET_HEADER, readForwardedConnection } from '@/lib/http/read-forwarded-certificate';
import type { ApiConnection, ApiEndpoint } from '@/lib/http/with-mtls-request';
import { loadServerCredentials } from './load-server-credentials';
import { startApiHost, type ApiHost, type ApiRoutes, type MountedHandler } from './start-api-host';

const SECRET = 'test-proxy-secret-0123456789abcdefghijklmnop';
const CERT_HEADER = 'x-ssl-client-cert';
const DAY_MS = 24 * 60 * 60 * 1000;
const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const NOT_FOUND = { error: 'invalid_request', error_description: 'not found' };

/** What an echo endpoint saw of one request. */
type Received = { method: string; params: Record<string, string>; connection: ApiConnection | null; contentType: string | null; bodyLength: number; bodySha256: string };
type ClientCredentials = { certPem: string; keyPem: string };
type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

// The plain listener reads the forwarded certificate with the real code, configured here.
vi.stubEnv('MTLS_PROXY_SECRET', SECRET);
vi.stubEnv('MTLS_CERT_HEADER', CERT_HEADER);

let dataDir: string;
let caPem: string;
let host: ApiHost;
let port: number;
let pki: TlsTestPki;
const received: Received[] = [];
// Fires when an echo endpoint is called: proof that the host calls it before the body has arrived.
const calls = new EventEmitter();
const ECHO_MAX_BYTES = 2 * 1024 * 1024;

/** An endpoint that reads the whole body (at most 2 MiB, else 413) and answers 201 with what it saw. */
const echo: ApiEndpoint = async (request, connection, params) => {
  calls.emit('call');
  const body = await request.readBody(ECHO_MAX_BYTES);
  if (body === null) return jsonAnswer(413, { error: 'payload_too_large' });
  const bodyLength = Buffer.byteLength(body);
  received.push({ method: request.method, params, connection, contentType: request.header('content-type'), bodyLength, bodySha256: createHash('sha256').update(body).digest('hex') });
  return jsonAnswer(201, { method: request.method, params }, { 'x-echo': 'one' });
};
/** For client id `unread`, answers before reading the body, as a refusal does; else echoes. */
const refuseUnread: ApiEndpoint = async (request, connection, params) =>
  params.clientId === 'unread' ? jsonAnswer(429, { error: 'too_many_requests' }) : echo(request, connection, params);
const ROUTES: ApiRoutes = {
  '/register': { POST: echo },
  '/register/{id}': { GET: echo, PUT: refuseUnread, DELETE: echo },
};
/** What the mounted handler (the authorization server's place) saw: the target and the connection. */
const mounted: Array<{ url: string; connection: ApiConnection }> = [];
const MOUNTED: MountedHandler = {
  paths: new Set(['/token', '/jwks']),
  handle(req, res, connection) {
    mounted.push({ url: req.url ?? '', connection });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"mounted":true}');
  },
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-api-host-'));
  const [credentials, testPki] = await Promise.all([loadServerCredentials(dataDir, ['localhost']), createTlsTestPki(new Date())]);
  caPem = credentials.caPem;
  pki = testPki;
  port = await findFreePort();
  host = await startApiHost({
    routes: ROUTES,
    authorizationServer: MOUNTED,
    mtls: { listenUrl: `https://localhost:${port}`, caBundlePem: pki.caBundlePem, serverCredentials: credentials },
    plain: { host: '127.0.0.1', port: 0, readConnection: readForwardedConnection },
  });
});
afterAll(async () => {
  await host?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the API host over mutual TLS', () => {
  it('listens on the requested port of localhost, and on a plain port for a terminator', () => {
    expect(host.mtlsUrl).toBe(`https://localhost:${port}`);
    expect(host.plainUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('hands the endpoint the verified certificate from the socket, the client address and the body as it streams in', async () => {
    const body = randomBytes(768 * 1024).toString('base64');
    const answer = await send('/register?software=a%2Bb&x=1', {
      method: 'POST',
      client: pki.trusted,
      headers: { 'content-type': 'application/jwt' },
      // Half, then the rest only once the endpoint was called: a host that buffered the body first would stall here.
      write: async (request) => {
        const called = once(calls, 'call');
        request.write(body.slice(0, body.length / 2));
        await called;
        request.end(body.slice(body.length / 2));
      },
    });

    expect(answer.status).toBe(201);
    const seen = lastReceived();
    expect(seen).toMatchObject({ method: 'POST', params: {}, contentType: 'application/jwt', bodyLength: body.length, bodySha256: createHash('sha256').update(body).digest('hex') });
    expect(['127.0.0.1', '::1']).toContain(seen.connection?.clientAddress);
    expect(derOf(seen.connection?.certificatePem ?? '')).toEqual(derOf(pki.trusted.certPem));
  });

  it('answers with the endpoint\'s status and headers, plus nosniff', async () => {
    const answer = await send('/register/client-1', { method: 'GET', client: pki.trusted });
    expect(answer.status).toBe(201);
    expect(answer.headers).toMatchObject({ 'x-echo': 'one', 'content-type': 'application/json', 'x-content-type-options': 'nosniff' });
    expect(JSON.parse(answer.body)).toEqual({ method: 'GET', params: { clientId: 'client-1' } });
  });

  it.each([
    ['GET', '/register/client-1?x=%20y', { clientId: 'client-1' }],
    ['PUT', '/register/client%201', { clientId: 'client 1' }],
    ['DELETE', '/register/client-1', { clientId: 'client-1' }],
    // Dot segments are resolved before routing, as nginx does.
    ['POST', '/jwks/../register', {}],
  ])('routes %s %s with its parameters', async (method, target, params) => {
    const answer = await send(target, { method, client: pki.trusted });
    expect(answer.status).toBe(201);
    expect(lastReceived()).toMatchObject({ method, params });
  });

  it.each([
    ['no certificate', undefined],
    ['a certificate from a CA the bank does not trust', 'foreign'],
    ['an expired certificate from the trusted CA', 'expired'],
  ] as const)('hands over a request with %s with no certificate', async (_label, which) => {
    expect((await send('/register', { method: 'POST', client: which && pki[which], body: 'x' })).status).toBe(201);
    expect(lastReceived().connection).toMatchObject({ certificatePem: null });
  });

  it.each([
    ['without a certificate', undefined],
    ['with a trusted certificate', 'trusted'],
  ] as const)('ignores forged terminator headers %s: the certificate is the socket\'s', async (_label, which) => {
    const forged = encodeURIComponent(pki.foreign.certPem);
    await send('/register', {
      method: 'POST',
      client: which && pki[which],
      body: 'x',
      headers: { [CERT_HEADER]: [forged, forged], x_ssl_client_cert: forged, [MTLS_PROXY_SECRET_HEADER]: SECRET, 'x-forwarded-for': '203.0.113.9' },
    });
    const { connection } = lastReceived();
    if (which) expect(derOf(connection?.certificatePem ?? '')).toEqual(derOf(pki.trusted.certPem));
    else expect(connection?.certificatePem).toBeNull();
    expect(connection?.clientAddress).not.toBe('203.0.113.9');
  });

  it.each([
    '/',
    '/register/',
    '/register/a/b',
    '/registers',
    '/token/',
    '/tokens',
    '/api/mtls/token',
    '/api/auth/session',
    '/register/..%2f..%2fapi%2fauth%2fsession',
    '/register/%2e%2e/api/auth/session',
    '/register/..\\..\\api\\auth\\session',
    '/register/%zz',
    '//register',
  ])('answers 404 in JSON for %s without calling an endpoint', async (target) => {
    const before = received.length;
    const answer = await send(target, { method: 'GET', client: pki.trusted });
    expect({ status: answer.status, body: JSON.parse(answer.body), type: answer.headers['content-type'], cache: answer.headers['cache-control'] }).toEqual({
      status: 404,
      body: NOT_FOUND,
      type: 'application/json',
      cache: 'no-store',
    });
    expect(received.length).toBe(before);
  });

  it('hands the mounted handler its paths, with the target normalised and the connection', async () => {
    const answer = await send('/register/../token?x=1', { method: 'POST', client: pki.trusted, body: 'grant_type=client_credentials' });
    expect({ status: answer.status, body: JSON.parse(answer.body), nosniff: answer.headers['x-content-type-options'] }).toEqual({ status: 200, body: { mounted: true }, nosniff: 'nosniff' });
    const last = mounted.at(-1);
    expect(last?.url).toBe('/token?x=1');
    expect(derOf(last?.connection.certificatePem ?? '')).toEqual(derOf(pki.trusted.certPem));
  });

  it('answers 405 with Allow for a method the path does not serve', async () => {
    const answer = await send('/register/client-1', { method: 'POST', client: pki.trusted });
    expect({ status: answer.status, allow: answer.headers.allow, body: JSON.parse(answer.body) }).toEqual({
      status: 405,
      allow: 'GET, PUT, DELETE',
      body: { error: 'invalid_request', error_description: 'POST is not allowed on /register/{id}' },
    });
  });

  it('keeps a connection usable after an answer that left the body unread', async () => {
    const agent = new (await import('node:https')).Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send('/register/unread', { method: 'PUT', client: pki.trusted, body: 'x'.repeat(200_000), agent });
      const second = await send('/register', { method: 'POST', client: pki.trusted, body: 'y', agent });
      expect([first.status, second.status]).toEqual([429, 201]);
    } finally {
      agent.destroy();
    }
  });

  it('stops reading a body over the endpoint\'s cap, answers, and closes that connection; a new one works', async () => {
    const agent = new (await import('node:https')).Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = received.length;
      // Chunked, so that the cap is met while reading rather than from Content-Length.
      const oversized = await send('/register', {
        method: 'POST',
        client: pki.trusted,
        agent,
        write: async (request) => {
          for (let sent = 0; sent <= ECHO_MAX_BYTES; sent += 256 * 1024) request.write('z'.repeat(256 * 1024));
          request.end();
        },
      }).catch((error: NodeJS.ErrnoException) => ({ status: error.code ?? 'failed', headers: {} as IncomingHttpHeaders, body: '' }));
      // The 413 may race the client's last writes: either it is read, or the reset that follows it is.
      if (typeof oversized.status === 'number') expect({ status: oversized.status, connection: oversized.headers.connection }).toEqual({ status: 413, connection: 'close' });
      else expect(oversized.status).toMatch(/ECONNRESET|EPIPE/);
      expect(received.length).toBe(before);
      expect((await send('/register', { method: 'POST', client: pki.trusted, body: 'y', agent })).status).toBe(201);
    } finally {
      agent.destroy();
    }
  });

  it('reads a header sent twice as its values joined, as Headers.get does', async () => {
    await send('/register', { method: 'POST', client: pki.trusted, body: 'x', headers: { 'content-type': ['application/jwt', 'text/plain'] } });
    expect(lastReceived().contentType).toBe('application/jwt, text/plain');
  });

  // Refusals are the server's alerts (handshake failure, protocol version), not the client declining to try.
  it.each([
    ['TLS 1.2 with an OB cipher suite', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }, 201],
    ['TLS 1.3', { minVersion: 'TLSv1.3' }, 201],
    ['TLS 1.2 with a CBC cipher suite', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA256' }, /alert handshake failure/],
    ['TLS 1.1', { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, /alert protocol version/],
  ] as const)('%s', async (_label, tls, expected) => {
    const outcome = await send('/register', { method: 'POST', client: pki.trusted, body: 'x', tls }).then(
      (answer) => answer.status,
      (error: Error) => error.message,
    );
    if (typeof expected === 'number') expect(outcome).toBe(expected);
    else expect(outcome).toMatch(expected);
  });

  // `send` trusts ca.pem only and checks the name, so each answer proves the chain and the SAN.
  it.each(['localhost', '127.0.0.1', ...(hasIpv6Loopback() ? ['::1'] : [])])('serves %s a certificate chaining to ca.pem', async (name) => {
    expect((await send('/register', { method: 'POST', body: '', host: name })).status).toBe(201);
  });

  it('is not trusted by a client that trusts only other CAs', async () => {
    const outcome = await send('/register', { method: 'POST', body: '', tls: { ca: pki.caBundlePem } }).catch((error: NodeJS.ErrnoException) => error.code);
    expect(outcome).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('finishes a request in flight on close, then stops listening', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: ApiEndpoint = async () => {
      await held;
      return jsonAnswer(201, { done: true });
    };
    const closing = await startApiHost({
      routes: { ...ROUTES, '/register': { POST: slow } },
      mtls: { listenUrl: `https://localhost:${await findFreePort()}`, caBundlePem: pki.caBundlePem, serverCredentials: await loadServerCredentials(dataDir, ['localhost']) },
    });
    const closingPort = Number(new URL(closing.mtlsUrl as string).port);
    const inFlight = send('/register', { method: 'POST', body: '', port: closingPort });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = closing.close();
    release();
    expect((await inFlight).status).toBe(201);
    await closed;
    await expect(send('/register', { method: 'POST', body: '', port: closingPort })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a listen URL that is not an https origin', async () => {
    await expect(
      startApiHost({ routes: ROUTES, mtls: { listenUrl: `http://localhost:${port}`, caBundlePem: pki.caBundlePem, serverCredentials: { keyPem: '', certPem: '' } } }),
    ).rejects.toThrow(`the API host terminates mutual TLS on an https origin such as https://localhost:8443, got "http://localhost:${port}"`);
  });
});

describe('requests Node\'s parser refuses', () => {
  it.each([
    ['headers over 16 KiB', `GET /register/x HTTP/1.1\r\nhost: a\r\nx-big: ${'a'.repeat(17 * 1024)}\r\n\r\n`, 431, 'the request line and headers must not exceed 16 KiB'],
    ['a request that is not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400, 'the request is not valid HTTP/1.1'],
  ])('answers %s in the API\'s JSON shape and closes the connection', async (_label, raw, status, description) => {
    const answer = await sendRaw(new URL(host.plainUrl as string).port, raw);
    const [head = '', body] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`);
    expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/);
    expect(head).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/);
    expect(head).toMatch(/\r\nconnection: close/);
    expect(JSON.parse(body ?? '')).toEqual({ error: 'invalid_request', error_description: description });
  });
});

describe('the API host behind the bank\'s terminator (plain listener)', () => {
  it('takes the certificate and address the terminator forwards with the shared secret', async () => {
    const answer = await sendPlain('/register', { [MTLS_PROXY_SECRET_HEADER]: SECRET, [CERT_HEADER]: encodeURIComponent(pki.trusted.certPem), 'x-forwarded-for': '198.51.100.7' });
    expect(answer.status).toBe(201);
    const { connection } = lastReceived();
    expect(connection?.clientAddress).toBe('198.51.100.7');
    expect(derOf(connection?.certificatePem ?? '')).toEqual(derOf(pki.trusted.certPem));
  });

  it('refuses a mounted path without the shared secret, without calling the handler', async () => {
    const before = mounted.length;
    const answer = await sendPlain('/token', { [CERT_HEADER]: encodeURIComponent(pki.trusted.certPem) });
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 403,
      body: { error: 'untrusted_proxy', error_description: 'requests must come through the mutual TLS endpoint' },
    });
    expect(mounted.length).toBe(before);
  });

  it.each([
    ['no secret', { [CERT_HEADER]: 'FORGED' }],
    ['a guessed secret', { [MTLS_PROXY_SECRET_HEADER]: 'guessed-guessed-guessed-guessed-guessed-00', [CERT_HEADER]: 'FORGED' }],
  ])('hands the endpoint no connection with %s', async (_label, headers) => {
    const forged = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'FORGED' ? encodeURIComponent(pki.trusted.certPem) : value]));
    expect((await sendPlain('/register', forged)).status).toBe(201);
    expect(lastReceived().connection).toBeNull();
  });
});

function lastReceived(): Received {
  const last = received.at(-1);
  if (!last) throw new Error('no endpoint received anything');
  return last;
}

/** POST to the plain listener with these headers and a small body. */
function sendPlain(target: string, headers: OutgoingHttpHeaders): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = requestHttp(`${host.plainUrl}${target}`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end('x');
  });
}

function derOf(pem: string): Buffer {
  return Buffer.from(new x509.X509Certificate(pem).rawData);
}

/** One request on a fresh TLS connection (or on `agent`'s) to the host, trusting only ca.pem. */
function send(
  target: string,
  options: {
    method: string;
    client?: ClientCredentials;
    headers?: OutgoingHttpHeaders;
    body?: string;
    write?: (request: import('node:http').ClientRequest) => Promise<void>;
    port?: number;
    host?: string;
    tls?: RequestOptions;
    agent?: import('node:https').Agent;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = requestHttps(
      {
        host: options.host ?? 'localhost',
        port: options.port ?? port,
        path: target,
        method: options.method,
        headers: options.headers,
        ca: caPem,
        ...(options.client ? { cert: options.client.certPem, key: options.client.keyPem } : {}),
        agent: options.agent ?? false,
        ...options.tls,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.write) options.write(request).catch(reject);
    else request.end(options.body);
  });
}

function hasIpv6Loopback(): boolean {
  return Object.values(os.networkInterfaces()).some((addresses) => addresses?.some((address) => address.address === '::1'));
}

/** A port nothing listens on now: what a temporary server was given. */
async function findFreePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port: free } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return free;
}

/** Client certificates with their keys (the registration fixtures keep the leaf key to themselves, and TLS needs it). */
type TlsTestPki = {
  caBundlePem: string;
  trusted: ClientCredentials;
  expired: ClientCredentials;
  foreign: ClientCredentials;
};

/** A root and issuing CA shaped like the OB Directory's, another untrusted root, and client certificates under them. */
async function createTlsTestPki(now: Date): Promise<TlsTestPki> {
  const [rootKeys, issuingKeys, foreignKeys, leafKeys] = (await Promise.all(
    [0, 1, 2, 3].map(() => generateKeyPair('RS256', { modulusLength: 2048, extractable: true })),
  )) as [CryptoKeyPair, CryptoKeyPair, CryptoKeyPair, CryptoKeyPair];
  const validity = { notBefore: new Date(now.getTime() - 365 * DAY_MS), notAfter: new Date(now.getTime() + 3650 * DAY_MS) };
  const caExtensions = async (keys: CryptoKeyPair, pathLength?: number) => [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const selfSigned = async (name: string, keys: CryptoKeyPair) =>
    x509.X509CertificateGenerator.createSelfSigned({ name, keys, ...validity, signingAlgorithm: SIGNING_ALGORITHM, extensions: await caExtensions(keys) });
  const [root, foreignRoot] = await Promise.all([selfSigned('C=GB, O=Test, CN=Test Root CA', rootKeys), selfSigned('C=GB, O=Foreign, CN=Foreign Root CA', foreignKeys)]);
  const issuing = await x509.X509CertificateGenerator.create({
    subject: 'C=GB, O=Test, CN=Test Issuing CA',
    issuer: root.subject,
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    ...validity,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: await caExtensions(issuingKeys, 0),
  });
  const keyPem = await exportPKCS8(leafKeys.privateKey);
  const issueLeaf = async (issuer: x509.X509Certificate, signingKey: CryptoKey, dates: { notBefore: Date; notAfter: Date }): Promise<ClientCredentials> => {
    const certificate = await x509.X509CertificateGenerator.create({
      subject: 'C=GB, O=OpenBanking, OU=0015800001041RHAAY, CN=TestSoftware0001',
      issuer: issuer.subject,
      publicKey: leafKeys.publicKey,
      signingKey,
      ...dates,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    });
    return { certPem: certificate.toString('pem'), keyPem };
  };
  const current = { notBefore: new Date(now.getTime() - DAY_MS), notAfter: new Date(now.getTime() + 365 * DAY_MS) };
  const [trusted, expired, foreign] = await Promise.all([
    issueLeaf(issuing, issuingKeys.privateKey, current),
    issueLeaf(issuing, issuingKeys.privateKey, { notBefore: new Date(now.getTime() - 30 * DAY_MS), notAfter: new Date(now.getTime() - DAY_MS) }),
    issueLeaf(foreignRoot, foreignKeys.privateKey, current),
  ]);
  return { caBundlePem: [issuing, root].map((certificate) => certificate.toString('pem')).join('\n'), trusted, expired, foreign };
}

/** Writes raw bytes to a plain port and reads until the server closes the connection. */
async function sendRaw(port: string, raw: string): Promise<string> {
  const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
  await once(socket, 'connect');
  socket.write(raw);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
