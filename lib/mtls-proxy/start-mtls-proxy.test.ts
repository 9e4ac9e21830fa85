import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import { request as requestHttps, type RequestOptions } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { x509 } from '@/lib/certificates/x509';
import { MTLS_PROXY_SECRET_HEADER, readForwardedCertificate } from '@/lib/http/read-forwarded-certificate';
import { loadServerCredentials } from './load-server-credentials';
import { startMtlsProxy, type MtlsProxy } from './start-mtls-proxy';

const SECRET = 'test-proxy-secret-0123456789abcdefghijklmnop';
const CERT_HEADER = 'x-ssl-client-cert';
const DAY_MS = 24 * 60 * 60 * 1000;
const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const NOT_FOUND = { error: 'invalid_request', error_description: 'not found' };

/** What the echo portal saw of one request. */
type Received = { method: string; url: string; headers: IncomingHttpHeaders; rawHeaders: string[]; bodyLength: number; bodySha256: string };
type ClientCredentials = { certPem: string; keyPem: string };
type Answer = { status: number; headers: IncomingHttpHeaders; body: string };

// The portal side reads the forwarded certificate with the real route-handler code, so the two cannot drift.
vi.stubEnv('MTLS_PROXY_SECRET', SECRET);
vi.stubEnv('MTLS_CERT_HEADER', CERT_HEADER);

let dataDir: string;
let caPem: string;
let upstream: Server;
let upstreamUrl: string;
let proxy: MtlsProxy;
let port: number;
let pki: TlsTestPki;
const received: Received[] = [];
// Fires when the echo portal receives the first chunk of a body: proof that the terminator streams.
const firstChunks = new EventEmitter();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-mtls-proxy-'));
  const [credentials, testPki] = await Promise.all([loadServerCredentials(dataDir, ['localhost']), createTlsTestPki(new Date())]);
  caPem = credentials.caPem;
  pki = testPki;
  upstream = await startEchoPortal();
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  port = await findFreePort();
  proxy = await startMtlsProxy({
    listenUrl: `https://localhost:${port}`,
    upstreamUrl,
    caBundlePem: pki.caBundlePem,
    serverCredentials: credentials,
    proxySecret: SECRET,
    certHeader: CERT_HEADER,
  });
});
afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('startMtlsProxy', () => {
  it('listens on the requested port of localhost', () => {
    expect(proxy.url).toBe(`https://localhost:${port}`);
  });

  it('forwards a verified client certificate as nginx does, with the secret, the rewritten path and the body streamed', async () => {
    const body = randomBytes(1024 * 1024);
    const answer = await send('/register?software=a%2Bb&x=1', {
      method: 'POST',
      client: pki.trusted,
      headers: { 'content-type': 'application/jwt' },
      // Half, then the rest only once the portal has the first chunk: a buffering terminator would stall here.
      write: async (request) => {
        const arrived = once(firstChunks, 'chunk');
        request.write(body.subarray(0, body.length / 2));
        await arrived;
        request.end(body.subarray(body.length / 2));
      },
    });

    expect(answer.status).toBe(201);
    const seen = lastReceived();
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/api/mtls/register?software=a%2Bb&x=1',
      bodyLength: body.length,
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(seen.headers).toMatchObject({
      'content-type': 'application/jwt',
      [MTLS_PROXY_SECRET_HEADER]: SECRET,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': `localhost:${port}`,
    });
    expect(['127.0.0.1', '::1']).toContain(seen.headers['x-forwarded-for']);
    // Exactly nginx's $ssl_client_escaped_cert: the PEM with line breaks, percent-encoded.
    const forwarded = seen.headers[CERT_HEADER] as string;
    expect(forwarded).toMatch(/^-----BEGIN%20CERTIFICATE-----%0A[A-Za-z0-9%]+%0A-----END%20CERTIFICATE-----%0A$/);
    expect(derOf(decodeURIComponent(forwarded))).toEqual(derOf(pki.trusted.certPem));
  });

  it('is read by the portal as a trusted, forwarded certificate', async () => {
    await send('/token', { method: 'POST', client: pki.trusted, body: 'grant_type=client_credentials' });
    const forwarded = readForwardedCertificate(new Headers(lastReceived().headers as Record<string, string>));
    expect(forwarded.isTrusted).toBe(true);
    expect(forwarded.isTrusted && forwarded.pem && derOf(forwarded.pem)).toEqual(derOf(pki.trusted.certPem));
  });

  it('copies the status and every header back, repeated ones included', async () => {
    const answer = await send('/register/client-1', { method: 'GET', client: pki.trusted });
    expect(answer.status).toBe(201);
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
    expect(answer.headers['x-echo']).toBe('one, two');
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/api/mtls/register/client-1', method: 'GET' });
  });

  it.each([
    ['GET', '/register/client-1?x=%20y', '/api/mtls/register/client-1?x=%20y'],
    ['PUT', '/register/client-1', '/api/mtls/register/client-1'],
    ['DELETE', '/register/client-1', '/api/mtls/register/client-1'],
    ['POST', '/token', '/api/mtls/token'],
    // Dot segments are resolved before the allow-list is applied, as nginx does.
    ['POST', '/register/../token', '/api/mtls/token'],
  ])('forwards %s %s to %s', async (method, target, expected) => {
    const answer = await send(target, { method, client: pki.trusted });
    expect(answer.status).toBe(201);
    expect(lastReceived()).toMatchObject({ method, url: expected });
  });

  it.each([
    ['no certificate', undefined],
    ['a certificate from a CA the bank does not trust', 'foreign'],
    ['an expired certificate from the trusted CA', 'expired'],
  ] as const)('forwards a request with %s without the certificate header, but with the secret', async (_label, which) => {
    const answer = await send('/token', { method: 'POST', client: which && pki[which], body: 'grant_type=client_credentials' });
    expect(answer.status).toBe(201);
    const seen = lastReceived();
    expect(seen.headers[CERT_HEADER]).toBeUndefined();
    expect(seen.headers[MTLS_PROXY_SECRET_HEADER]).toBe(SECRET);
    expect(readForwardedCertificate(new Headers(seen.headers as Record<string, string>))).toEqual({ isTrusted: true, pem: null });
  });

  it.each([
    ['without a certificate', undefined],
    ['with a trusted certificate', 'trusted'],
  ] as const)('replaces forged terminator headers %s', async (_label, which) => {
    const forged = encodeURIComponent(pki.foreign.certPem);
    await send('/token', {
      method: 'POST',
      client: which && pki[which],
      body: 'grant_type=client_credentials',
      headers: {
        [CERT_HEADER]: [forged, forged],
        'X-SSL-Client-Cert': forged,
        x_ssl_client_cert: forged,
        [MTLS_PROXY_SECRET_HEADER]: 'guessed',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
        forwarded: 'for=203.0.113.9',
      },
    });
    const seen = lastReceived();
    const named = (name: string) => seen.rawHeaders.filter((_, index) => index % 2 === 0 && seen.rawHeaders[index]?.toLowerCase() === name);
    expect(named(CERT_HEADER)).toHaveLength(which ? 1 : 0);
    expect(named('x_ssl_client_cert')).toHaveLength(0);
    expect(named(MTLS_PROXY_SECRET_HEADER)).toHaveLength(1);
    expect(seen.headers[MTLS_PROXY_SECRET_HEADER]).toBe(SECRET);
    if (which) expect(derOf(decodeURIComponent(seen.headers[CERT_HEADER] as string))).toEqual(derOf(pki.trusted.certPem));
    expect(seen.headers).toMatchObject({ 'x-forwarded-proto': 'https', 'x-forwarded-host': `localhost:${port}` });
    expect(seen.headers['x-forwarded-for']).not.toContain('203.0.113.9');
    expect(seen.headers.forwarded).toBeUndefined();
  });

  it('cuts the answer short when the portal does, instead of passing it off as complete', async () => {
    await expect(send('/register/truncated', { method: 'GET', client: pki.trusted })).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('drops hop-by-hop headers, including those the Connection header names', async () => {
    await send('/token', {
      method: 'POST',
      client: pki.trusted,
      body: 'grant_type=client_credentials',
      headers: { connection: 'keep-alive, x-private-hop', 'x-private-hop': '1', te: 'trailers', 'proxy-authorization': 'Basic eDp5', 'x-kept': 'yes' },
    });
    const seen = lastReceived();
    expect(seen.headers['x-private-hop']).toBeUndefined();
    expect(seen.headers.te).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers['x-kept']).toBe('yes');
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
    '//register',
  ])('answers 404 for %s without contacting the portal', async (target) => {
    const before = received.length;
    const answer = await send(target, { method: 'GET', client: pki.trusted });
    expect({ status: answer.status, body: JSON.parse(answer.body), type: answer.headers['content-type'] }).toEqual({
      status: 404,
      body: NOT_FOUND,
      type: 'application/json',
    });
    expect(received.length).toBe(before);
  });

  it('answers 502 in JSON when the portal is down, logging neither the secret nor the certificate', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const closedPort = await findFreePort();
    const proxyPort = await findFreePort();
    const orphan = await startMtlsProxy({
      listenUrl: `https://localhost:${proxyPort}`,
      upstreamUrl: `http://127.0.0.1:${closedPort}`,
      caBundlePem: pki.caBundlePem,
      serverCredentials: await loadServerCredentials(dataDir, ['localhost']),
      proxySecret: SECRET,
      certHeader: CERT_HEADER,
    });
    try {
      const answer = await send('/token', { method: 'POST', client: pki.trusted, body: 'grant_type=client_credentials', port: proxyPort });
      expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        status: 502,
        body: { error: 'temporarily_unavailable', error_description: 'the portal is not answering' },
      });
      const logged = JSON.stringify(errors.mock.calls);
      expect(errors).toHaveBeenCalled();
      expect(logged).not.toContain(SECRET);
      expect(logged).not.toContain('CERTIFICATE');
    } finally {
      await orphan.close();
    }
  });

  // Refusals are the server's alerts (handshake failure, protocol version), not the client declining to try.
  it.each([
    ['TLS 1.2 with an OB cipher suite', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }, 201],
    ['TLS 1.3', { minVersion: 'TLSv1.3' }, 201],
    ['TLS 1.2 with a CBC cipher suite', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA256' }, /alert handshake failure/],
    ['TLS 1.1', { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, /alert protocol version/],
  ] as const)('%s', async (_label, tls, expected) => {
    const outcome = await send('/token', { method: 'POST', client: pki.trusted, body: 'grant_type=client_credentials', tls }).then(
      (answer) => answer.status,
      (error: Error) => error.message,
    );
    if (typeof expected === 'number') expect(outcome).toBe(expected);
    else expect(outcome).toMatch(expected);
  });

  // `send` trusts ca.pem only and checks the name, so each answer proves the chain and the SAN.
  it.each(['localhost', '127.0.0.1', ...(hasIpv6Loopback() ? ['::1'] : [])])('serves %s a certificate chaining to ca.pem', async (host) => {
    expect((await send('/token', { method: 'POST', body: '', host })).status).toBe(201);
  });

  it('is not trusted by a client that trusts only other CAs', async () => {
    const outcome = await send('/token', { method: 'POST', body: '', tls: { ca: pki.caBundlePem } }).catch((error: NodeJS.ErrnoException) => error.code);
    expect(outcome).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('stops listening on close', async () => {
    const closing = await startMtlsProxy({
      listenUrl: `https://localhost:${await findFreePort()}`,
      upstreamUrl,
      caBundlePem: pki.caBundlePem,
      serverCredentials: await loadServerCredentials(dataDir, ['localhost']),
      proxySecret: SECRET,
      certHeader: CERT_HEADER,
    });
    const closingPort = Number(new URL(closing.url).port);
    expect((await send('/token', { method: 'POST', body: '', port: closingPort })).status).toBe(201);
    await closing.close();
    await expect(send('/token', { method: 'POST', body: '', port: closingPort })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a listen URL that is not an https origin', async () => {
    await expect(
      startMtlsProxy({
        listenUrl: `http://localhost:${port}`,
        upstreamUrl,
        caBundlePem: pki.caBundlePem,
        serverCredentials: { keyPem: '', certPem: '' },
        proxySecret: SECRET,
        certHeader: CERT_HEADER,
      }),
    ).rejects.toThrow(`the mutual TLS terminator listens on an https origin such as https://localhost:8443, got "http://localhost:${port}"`);
  });
});

function lastReceived(): Received {
  const last = received.at(-1);
  if (!last) throw new Error('the portal received nothing');
  return last;
}

function derOf(pem: string): Buffer {
  return Buffer.from(new x509.X509Certificate(pem).rawData);
}

/** One request on a fresh TLS connection to the terminator, trusting only ca.pem. */
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
        agent: false,
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

/** A stand-in portal that answers 201 with what it received, and a couple of repeated headers. */
async function startEchoPortal(): Promise<Server> {
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    let bodyLength = 0;
    req.on('data', (chunk: Buffer) => {
      if (bodyLength === 0) firstChunks.emit('chunk');
      hash.update(chunk);
      bodyLength += chunk.length;
    });
    req.on('end', () => {
      if (req.url?.endsWith('/truncated')) {
        // Promises 100 bytes, sends 10, then dies: as a portal that crashes mid-answer.
        res.writeHead(200, { 'content-length': '100' });
        res.write('0123456789', () => res.destroy());
        return;
      }
      const seen: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        bodyLength,
        bodySha256: hash.digest('hex'),
      };
      received.push(seen);
      res.statusCode = 201;
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
      res.setHeader('x-echo', ['one', 'two']);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: seen.method, url: seen.url }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
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
