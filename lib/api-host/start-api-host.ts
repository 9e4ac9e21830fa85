// No `server-only`: the launcher loads the API host under tsx in plain Node.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

import { x509 } from '../certificates/x509';
import { toReadinessBody, type Readiness } from '../health/check-readiness';
import type { ApiConnection, ApiEndpoint } from '../http/with-mtls-request';
import { normaliseTarget, routeApiRequest, type ApiPath } from './route-api-request';
import { fromNodeRequest } from '../http/from-node-request';
import { writeAnswer } from '../http/write-answer';

/** The API's endpoints by path and method (one handler each: the portal holds no second copy). */
export type ApiRoutes = Record<ApiPath, Partial<Record<string, ApiEndpoint>>>;

/**
 * A Node-level handler that owns some paths outright: the authorization server (`/token`, introspection, revocation,
 * `/jwks`, discovery). It gets the request with its target normalised, and the connection the host read.
 */
export type MountedHandler = { paths: ReadonlySet<string>; handle(req: IncomingMessage, res: ServerResponse, connection: ApiConnection): void };

/** How to run the API host. At least one listener. */
export type ApiHostOptions = {
  routes: ApiRoutes;
  authorizationServer?: MountedHandler;
  /** The embedded mutual TLS terminator at `MTLS_URL` (loopback only; port 0 picks a free one). */
  mtls?: {
    listenUrl: string;
    /** PEM bundle of the CAs that issue TPP transport certificates (`DIRECTORY_CA_BUNDLE`). */
    caBundlePem: string;
    /** The host's own TLS key and certificate (see `loadServerCredentials`). */
    serverCredentials: { keyPem: string; certPem: string };
  };
  /**
   * Plain HTTP at `API_ADDRESS`, for the bank's TLS terminator (nginx): the connection is what it forwards, believed
   * only with the shared secret (`readForwardedConnection`).
   */
  plain?: { host: string; port: number; readConnection: (headers: Headers) => ApiConnection | null };
  /**
   * What `GET /readyz` on the plain listener answers (with `GET /livez`, for the orchestrator and the terminator's
   * health checks; neither needs the terminator's secret, and neither is served on the mutual TLS listener).
   */
  readiness?: () => Promise<Readiness>;
};

/** A running API host: where it listens, and how to stop it (in-flight requests finish). */
export type ApiHost = { mtlsUrl: string | null; plainUrl: string | null; close(): Promise<void> };

const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;
// FAPI 1.0 Advanced §8.5 (which OB adopts): TLS 1.2 with these ECDHE-RSA AES-GCM suites only, or TLS 1.3.
// The DHE suites it also allows need DH parameters and add nothing for clients that all speak ECDHE.
const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':');
// Longer than the idle timeout of the terminators and clients in front (nginx 60 s): the host must not be the side
// that closes an idle keep-alive connection just as a request is sent on it.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * Starts the API host: `/register…` and `/token` served in this process, over mutual TLS it terminates itself
 * (the client certificate comes from the socket; whatever headers the client sends about it are ignored) and/or
 * over plain HTTP behind the bank's terminator. Anything else is a JSON 404; a known path with another method a 405.
 */
export async function startApiHost(options: ApiHostOptions): Promise<ApiHost> {
  const servers: HttpServer[] = [];
  const close = () => Promise.all(servers.map(closeServer)).then(() => undefined);
  try {
    let mtlsUrl: string | null = null;
    if (options.mtls) {
      const listenUrl = parseHttpsOrigin(options.mtls.listenUrl);
      const handle = createApiRequestListener(options, readSocketConnection);
      let port = Number(listenUrl.port || 443);
      for (const host of LOOPBACK_HOSTS) {
        const server = createHttpsServer(tlsOptions(options.mtls), handle);
        // A renegotiation could swap the client certificate after it was read for this connection.
        server.on('secureConnection', (socket: TLSSocket) => socket.disableRenegotiation());
        if (!(await listen(server, host, port, host !== LOOPBACK_HOSTS[0]))) continue;
        servers.push(server);
        // Port 0 (tests): the second address family listens on the port the first was given.
        port = (server.address() as { port: number }).port;
      }
      const url = new URL(listenUrl.origin);
      url.port = String(port);
      mtlsUrl = url.origin;
    }
    let plainUrl: string | null = null;
    if (options.plain) {
      const { readConnection } = options.plain;
      const listener = createApiRequestListener(options, (req) => readConnection(toHeaders(req.rawHeaders)));
      const server = createHttpServer((req, res) => answerProbe(req, res, options.readiness) || listener(req, res));
      await listen(server, options.plain.host, options.plain.port, false);
      servers.push(server);
      const { port } = server.address() as { port: number };
      plainUrl = `http://${options.plain.host.includes(':') ? `[${options.plain.host}]` : options.plain.host}:${port}`;
    }
    return { mtlsUrl, plainUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * `GET /livez` (the process serves) and `GET /readyz` (it can do its work: 200, else 503, each check with what it
 * found); true when the request was one of them.
 */
function answerProbe(req: IncomingMessage, res: ServerResponse, readiness: ApiHostOptions['readiness']): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/livez' && path !== '/readyz') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendJson(res, 405, { error: 'invalid_request', error_description: `${req.method} is not allowed on ${path}` });
    return true;
  }
  if (path === '/livez') {
    sendJson(res, 200, { status: 'live' });
    return true;
  }
  (readiness ?? (async (): Promise<Readiness> => ({ isReady: true, checks: [] })))().then(
    (found) => sendJson(res, found.isReady ? 200 : 503, toReadinessBody(found)),
    () => sendJson(res, 503, { status: 'not_ready', checks: [] }),
  );
  return true;
}

/** The Node request listener: route, check the method, call the endpoint with its connection, write its answer. */
function createApiRequestListener(options: ApiHostOptions, readConnection: (req: IncomingMessage) => ApiConnection | null) {
  const { routes, authorizationServer } = options;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = normaliseTarget(req.url ?? '');
    if (url && authorizationServer?.paths.has(url.pathname)) {
      const connection = readConnection(req);
      if (connection === null) {
        // As every API answer, with an id to quote to the bank's support.
        res.setHeader('x-request-id', randomUUID());
        return sendJson(res, 403, { error: 'untrusted_proxy', error_description: 'requests must come through the mutual TLS endpoint' });
      }
      // The server routes on the target it is given: the normalised one, so that `/register/../token` is /token.
      req.url = `${url.pathname}${url.search}`;
      res.setHeader('x-content-type-options', 'nosniff');
      return authorizationServer.handle(req, res, connection);
    }
    const route = url && routeApiRequest(url);
    if (!route) return sendJson(res, 404, { error: 'invalid_request', error_description: 'not found' });
    const methods = routes[route.path];
    const endpoint = methods[req.method ?? ''];
    if (!endpoint) {
      res.setHeader('allow', Object.keys(methods).join(', '));
      return sendJson(res, 405, { error: 'invalid_request', error_description: `${req.method} is not allowed on ${route.path}` });
    }
    endpoint(fromNodeRequest(req), readConnection(req), route.params).then(
      (answer) => writeAnswer(req, res, answer),
      // Endpoints answer their own faults (withMtlsRequest); this is the last line, with no detail.
      () => sendJson(res, 500, { error: 'server_error', error_description: 'the server could not complete the request' }),
    );
  };
}

// Read once per TLS connection: renegotiation is off, so its certificate cannot change, and its address does not.
const socketConnections = new WeakMap<TLSSocket, ApiConnection>();

/** The connection of a request on the host's own TLS listener: the socket's verified certificate and address. */
function readSocketConnection(req: IncomingMessage): ApiConnection {
  const socket = req.socket as TLSSocket;
  let connection = socketConnections.get(socket);
  if (connection === undefined) {
    connection = { certificatePem: readVerifiedCertificate(socket), clientAddress: socket.remoteAddress ?? '' };
    socketConnections.set(socket, connection);
  }
  return connection;
}

/** The PEM of the client certificate when it chains to the CA bundle; null when absent or unverified. */
function readVerifiedCertificate(socket: TLSSocket): string | null {
  // rejectUnauthorized is off so that the API can answer in JSON; `authorized` is the verdict that counts.
  if (!socket.authorized) return null;
  const certificate = socket.getPeerCertificate();
  return certificate?.raw ? `${x509.PemConverter.encode(certificate.raw, 'CERTIFICATE')}\n` : null;
}

function toHeaders(rawHeaders: string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    // A header value Node accepted but Headers refuses (obs-text) is dropped: nothing here needs it.
    try {
      headers.append(rawHeaders[index] as string, rawHeaders[index + 1] as string);
    } catch {}
  }
  return headers;
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'x-content-type-options': 'nosniff', ...NO_STORE, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function tlsOptions(mtls: NonNullable<ApiHostOptions['mtls']>) {
  return {
    key: mtls.serverCredentials.keyPem,
    cert: mtls.serverCredentials.certPem,
    ca: mtls.caBundlePem,
    requestCert: true,
    // Verified but not enforced in the handshake: a TPP without a good certificate gets an RFC 7591 JSON error.
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2' as const,
    ciphers: CIPHERS,
    honorCipherOrder: true,
  };
}

function parseHttpsOrigin(value: string): URL {
  const url = URL.parse(value);
  if (!url || url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new Error(`the API host terminates mutual TLS on an https origin such as https://localhost:8443, got "${value}"`);
  }
  return url;
}

/** Listens on one address; false when `isOptional` and this machine lacks that address family (no IPv6). */
function listen(server: HttpServer, host: string, port: number, isOptional: boolean): Promise<boolean> {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (isOptional && (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT')) resolve(false);
      else reject(error);
    });
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => resolve(true));
  });
}

// What Node's parser refuses before any listener runs; Node's own answer is a bare status line without a body.
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request line and headers must not exceed 16 KiB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request was not received in time'],
};
const MALFORMED: [number, string, string] = [400, 'Bad Request', 'the request is not valid HTTP/1.1'];

/** Answers a request Node's HTTP parser refused with the API's JSON error shape, then closes the connection. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As Node's own handler: nothing to answer on a connection the client reset or that has carried a response.
  if (error.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const [status, reason, description] = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ error: 'invalid_request', error_description: description });
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    'x-content-type-options: nosniff',
    `x-request-id: ${randomUUID()}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** Stops taking connections, lets the requests in flight finish, then closes the idle keep-alive connections. */
function closeServer(server: HttpServer): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
