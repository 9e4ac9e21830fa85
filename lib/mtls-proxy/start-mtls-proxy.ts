// No `server-only`: the launcher runs this under tsx in plain Node.
import { Agent, request as requestUpstream, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { pipeline } from 'node:stream';
import type { TLSSocket } from 'node:tls';

import { x509 } from '../certificates/x509';

/** How to run the mutual TLS terminator in front of the portal's DCR and token endpoints. */
export type MtlsProxyOptions = {
  /** `MTLS_URL`, an https origin: the port to listen on (loopback only; 0 picks a free one). */
  listenUrl: string;
  /** The portal (Next.js) over plain HTTP, e.g. `http://localhost:3000`. */
  upstreamUrl: string;
  /** PEM bundle of the CAs that issue TPP transport certificates (`DIRECTORY_CA_BUNDLE`). */
  caBundlePem: string;
  /** The terminator's own TLS key and certificate (see `loadServerCredentials`). */
  serverCredentials: { keyPem: string; certPem: string };
  /** `MTLS_PROXY_SECRET`: proves to the portal that a request came through this terminator. */
  proxySecret: string;
  /** `MTLS_CERT_HEADER`: where the verified client certificate is forwarded. */
  certHeader: string;
};

/** A running terminator. */
export type MtlsProxy = { url: string; close(): Promise<void> };

/** The header the portal's route handlers read the proxy secret from (`MTLS_PROXY_SECRET_HEADER`; a test keeps them equal). */
const PROXY_SECRET_HEADER = 'x-onboard-mtls-proxy-secret';
const LISTEN_HOSTS = ['127.0.0.1', '::1'] as const;
// FAPI 1.0 Advanced §8.5 (which OB adopts): TLS 1.2 with these ECDHE-RSA AES-GCM suites only, or TLS 1.3.
// The DHE suites it also allows need DH parameters and add nothing for clients that all speak ECDHE.
const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':');
// RFC 9110 §7.6.1: connection-specific headers are not forwarded (plus the pre-standard keep-alive ones).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const HOST_VALUE = /^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;
const NOT_FOUND = { error: 'invalid_request', error_description: 'not found' };
const BAD_GATEWAY = { error: 'temporarily_unavailable', error_description: 'the portal is not answering' };

/**
 * Starts the embedded mutual TLS terminator: verifies client certificates against the directory's CA bundle
 * and forwards `/register…` and `/token` to the portal's `/api/mtls/…` route handlers with the verified
 * certificate in `certHeader` (URL-encoded PEM, as nginx's `$ssl_client_escaped_cert`) and the proxy secret.
 */
export async function startMtlsProxy(options: MtlsProxyOptions): Promise<MtlsProxy> {
  const listenUrl = parseOrigin(options.listenUrl, 'https:', 'the mutual TLS terminator listens on an https origin such as https://localhost:8443');
  const upstreamUrl = parseOrigin(options.upstreamUrl, 'http:', 'the mutual TLS terminator forwards to an http origin such as http://localhost:3000');
  const certHeader = options.certHeader.toLowerCase();
  // Client-sent copies of what only the terminator may say are dropped, under any spelling (`_` for `-` too).
  const stripped = new Set([certHeader, PROXY_SECRET_HEADER, 'host', 'expect', 'forwarded', 'x-real-ip'].map(canonicalName));
  // Keep-alive: a fresh TCP connection to Next.js per request would cap the throughput well below what TLS allows.
  const agent = new Agent({ keepAlive: true, maxSockets: 128, scheduling: 'lifo' });
  const certificates = new WeakMap<TLSSocket, string | null>();
  const isClientHeaderKept = (name: string) => {
    const canonical = canonicalName(name);
    return !stripped.has(canonical) && !canonical.startsWith('x-forwarded-');
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const target = toPortalPath(req.url ?? '');
    if (target === null) {
      sendJson(res, 404, NOT_FOUND);
      return;
    }
    const socket = req.socket as TLSSocket;
    let certificate = certificates.get(socket);
    if (certificate === undefined) {
      certificate = readVerifiedCertificate(socket);
      certificates.set(socket, certificate);
    }

    const headers = groupHeaders(req.rawHeaders, isClientHeaderKept, req.headers.connection);
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    // The body is streamed, not buffered; Node frames it again (a length, or chunks when the client chunked).
    if (req.headers['transfer-encoding'] !== undefined) headers['transfer-encoding'] = 'chunked';
    headers.host = upstreamUrl.host;
    headers['x-forwarded-proto'] = 'https';
    // This is the edge: whatever X-Forwarded-* the client sent is its own claim, so it is replaced, not appended to.
    headers['x-forwarded-for'] = socket.remoteAddress ?? '';
    headers['x-forwarded-host'] = req.headers.host && HOST_VALUE.test(req.headers.host) ? req.headers.host : listenUrl.host;
    headers[PROXY_SECRET_HEADER] = options.proxySecret;
    if (certificate !== null) headers[certHeader] = certificate;

    const upstream = requestUpstream({
      agent,
      protocol: 'http:',
      hostname: upstreamUrl.hostname.replace(/^\[|\]$/g, ''),
      port: upstreamUrl.port || 80,
      method: req.method,
      path: target,
      headers,
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, groupHeaders(answer.rawHeaders, () => true, answer.headers.connection));
      // pipeline destroys both sides when either fails: an answer cut short upstream reaches the client cut
      // short (a reset), never as a complete one; a client that leaves frees the upstream connection.
      pipeline(answer, res, () => {});
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      // The code only (ECONNREFUSED…): the request's headers carry the certificate and the secret.
      console.error(`[mtls] the portal is not answering (${error.code ?? 'error'})`);
      sendJson(res, 502, BAD_GATEWAY);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (hasBody) req.pipe(upstream);
    else upstream.end();
  };

  const servers: Server[] = [];
  let port = Number(listenUrl.port || 443);
  try {
    for (const host of LISTEN_HOSTS) {
      const server = await listen(handle, options, host, port);
      if (!server) continue;
      servers.push(server);
      // Port 0 (tests): the second address family listens on the port the first was given.
      const address = server.address();
      if (address && typeof address === 'object') port = address.port;
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    agent.destroy();
    throw error;
  }

  const url = new URL(listenUrl.origin);
  url.port = String(port);
  return {
    url: url.origin,
    async close() {
      await Promise.all(servers.map(closeServer));
      agent.destroy();
    },
  };
}

/**
 * Maps an MTLS_URL request target onto the portal's route handlers, or null for anything else. The path is
 * normalised first (dot segments, `%2e`, backslashes) so that `/register/../…` cannot reach another route.
 */
function toPortalPath(target: string): string | null {
  // Origin-form only (`/register?x`); absolute-form and `*` are for forward proxies, which this is not.
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  const url = URL.parse(target, 'https://mtls.invalid');
  if (!url) return null;
  const { pathname, search } = url;
  if (pathname === '/token' || pathname === '/register') return `/api/mtls${pathname}${search}`;
  const clientId = /^\/register\/([^/]+)$/.exec(pathname)?.[1];
  // RFC 7592's client configuration endpoint: exactly one segment, which must not decode into a path separator.
  if (clientId !== undefined && !/%2f|%5c/i.test(clientId)) return `/api/mtls${pathname}${search}`;
  return null;
}

/** The PEM of the client certificate, URL-encoded, when it chains to the CA bundle; null when absent or unverified. */
function readVerifiedCertificate(socket: TLSSocket): string | null {
  // rejectUnauthorized is off so that the API can answer in JSON; `authorized` is the verdict that counts.
  if (!socket.authorized) return null;
  const certificate = socket.getPeerCertificate();
  if (!certificate?.raw) return null;
  // encodeURIComponent escapes the same PEM characters (space, newline, +, /, =) as nginx's $ssl_client_escaped_cert.
  return encodeURIComponent(`${x509.PemConverter.encode(certificate.raw, 'CERTIFICATE')}\n`);
}

/** Headers as Node writes them (repeated ones as arrays, Set-Cookie included), minus hop-by-hop ones. */
function groupHeaders(rawHeaders: string[], isKept: (lowerName: string) => boolean, connection: string | undefined): OutgoingHttpHeaders {
  const listed = connection ? new Set(connection.split(',').map((token) => token.trim().toLowerCase())) : null;
  const headers: Record<string, string | string[]> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    if (HOP_BY_HOP.has(name) || listed?.has(name) || !isKept(name)) continue;
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else headers[name] = [existing, value];
  }
  return headers;
}

function canonicalName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    pragma: 'no-cache',
  });
  res.end(text);
}

function parseOrigin(value: string, protocol: string, message: string): URL {
  const url = URL.parse(value);
  if (!url || url.protocol !== protocol || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new Error(`${message}, got "${value}"`);
  }
  return url;
}

/** Listens on one loopback address; `undefined` when this machine lacks that address family (no IPv6). */
function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  options: MtlsProxyOptions,
  host: string,
  port: number,
): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer(
      {
        key: options.serverCredentials.keyPem,
        cert: options.serverCredentials.certPem,
        ca: options.caBundlePem,
        requestCert: true,
        // Verified but not enforced in the handshake: a TPP without a good certificate gets an RFC 7591 JSON error.
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
        ciphers: CIPHERS,
        honorCipherOrder: true,
      },
      handle,
    );
    // A renegotiation could swap the client certificate after it was read for this connection.
    server.on('secureConnection', (socket: TLSSocket) => socket.disableRenegotiation());
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (host !== LISTEN_HOSTS[0] && (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT')) resolve(undefined);
      else reject(error);
    });
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
