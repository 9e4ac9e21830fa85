import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as requestHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { importPKCS8, SignJWT } from 'jose';
import { vi } from 'vitest';

import * as registerRoute from '@/app/api/mtls/register/route';
import * as registrationRoute from '@/app/api/mtls/register/[clientId]/route';
import * as tokenRoute from '@/app/api/mtls/token/route';
import { startTestDirectory, TEST_BANK_ORG_ID, type TestDirectory } from '@/directory/testing/start-test-directory';
import { findFreePort } from '@/directory/testing/find-free-port';
import { loadServerCredentials } from '@/lib/mtls-proxy/load-server-credentials';
import { startMtlsProxy, type MtlsProxy } from '@/lib/mtls-proxy/start-mtls-proxy';
import { buildRegistrationClaims } from '@/lib/testing/build-registration-claims';
import { MTLS_PROXY_SECRET_HEADER } from '../read-forwarded-certificate';

/** The terminator's shared secret in these tests. */
export const TEST_PROXY_SECRET = 'mtls-portal-test-proxy-secret-0123456789';

/** Software the sandbox directory issued, with the keys a TPP holds. */
export type TestSoftware = {
  software_id: string;
  org_id: string;
  ssa: string;
  signing: { kid: string; private_key_pem: string };
  transport: { private_key_pem: string; certificate_pem: string };
};

/** An answer from the portal, status, headers and parsed body. */
export type PortalAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * The DCR API as a TPP reaches it: the real embedded TLS terminator in front of the real route handlers
 * (`app/api/mtls/…`), served by a plain Node HTTP server as Next.js would, against a sandbox directory.
 * Start it in a `beforeAll` registered before `useTestDatabase()`: it stubs the configuration (plus `env`), which the
 * database set-up is the first to read.
 */
export type MtlsPortal = {
  directory: TestDirectory;
  /** `https://localhost:<port>`: the terminator. */
  mtlsUrl: string;
  createSoftware(orgId: string): Promise<TestSoftware>;
  /** A registration JWT for the software, signed with its key, valid now (a fresh jti each time). */
  signRegistration(software: TestSoftware): Promise<string>;
  /** One request over mutual TLS through the terminator, presenting `client`'s transport certificate (null: none). */
  send(method: string, target: string, options: { client: TestSoftware | null; headers?: Record<string, string | string[]>; body?: string; family?: 4 | 6 }): Promise<PortalAnswer>;
  /** One request straight to the portal's route handler, skipping the terminator; `headers` are all it gets. */
  sendDirect(method: string, target: string, options: { headers: Record<string, string>; body?: string }): Promise<PortalAnswer>;
  /** The headers the terminator would add for `software`'s certificate and client address `address`. */
  terminatorHeaders(software: TestSoftware | null, address: string): Record<string, string>;
  close(): Promise<void>;
};

/** Starts the sandbox directory, the portal's route handlers behind a local HTTP server, and the terminator. */
export async function startMtlsPortal(env: Record<string, string> = {}): Promise<MtlsPortal> {
  const directory = await startTestDirectory();
  const credentialsDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-mtls-portal-'));
  const caBundlePath = path.join(directory.dataDir, 'directory', 'ca-bundle.pem');
  const mtlsPort = await findFreePort();
  const mtlsUrl = `https://localhost:${mtlsPort}`;
  const configuration: Record<string, string> = {
    SANDBOX_DIRECTORY_URL: directory.url,
    DIRECTORY_CA_BUNDLE: caBundlePath,
    ASPSP_ORG_ID: TEST_BANK_ORG_ID,
    MTLS_URL: mtlsUrl,
    MTLS_PROXY_SECRET: TEST_PROXY_SECRET,
    ...env,
  };
  for (const [name, value] of Object.entries(configuration)) vi.stubEnv(name, value);

  const portal = await startRouteServer();
  const portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  const serverCredentials = await loadServerCredentials(credentialsDir, ['localhost']);
  const proxy: MtlsProxy = await startMtlsProxy({
    listenUrl: mtlsUrl,
    upstreamUrl: portalUrl,
    caBundlePem: await readFile(caBundlePath, 'utf8'),
    serverCredentials,
    proxySecret: TEST_PROXY_SECRET,
    certHeader: 'x-ssl-client-cert',
  });

  return {
    directory,
    mtlsUrl,
    async createSoftware(orgId) {
      const response = await fetch(`${directory.url}/api/organisations/${orgId}/software`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (response.status !== 201) throw new Error(`the sandbox directory answered ${response.status}`);
      return (await response.json()) as TestSoftware;
    },
    async signRegistration(software) {
      const claims = buildRegistrationClaims({ softwareId: software.software_id, ssa: software.ssa, audience: TEST_BANK_ORG_ID, lifetimeSeconds: 300 });
      const key = await importPKCS8(software.signing.private_key_pem, 'PS256');
      return new SignJWT(claims).setProtectedHeader({ alg: 'PS256', kid: software.signing.kid, typ: 'JWT' }).sign(key);
    },
    send(method, target, options) {
      return new Promise((resolve, reject) => {
        const request = requestHttps(
          {
            host: options.family === 6 ? '::1' : '127.0.0.1',
            servername: 'localhost',
            port: mtlsPort,
            method,
            path: target,
            headers: options.headers,
            ca: serverCredentials.caPem,
            ...(options.client ? { cert: options.client.transport.certificate_pem, key: options.client.transport.private_key_pem } : {}),
            agent: false,
          },
          (response) => readAnswer(response).then(resolve, reject),
        );
        request.on('error', reject);
        request.end(options.body);
      });
    },
    async sendDirect(method, target, options) {
      const response = await fetch(`${portalUrl}${target}`, { method, headers: options.headers, body: options.body });
      const text = await response.text();
      return { status: response.status, headers: Object.fromEntries(response.headers), body: text === '' ? null : JSON.parse(text) };
    },
    terminatorHeaders(software, address) {
      return {
        [MTLS_PROXY_SECRET_HEADER]: TEST_PROXY_SECRET,
        'x-forwarded-for': address,
        ...(software ? { 'x-ssl-client-cert': encodeURIComponent(software.transport.certificate_pem) } : {}),
      };
    },
    async close() {
      await proxy.close();
      await new Promise((resolve) => portal.close(resolve));
      await directory.dispose();
      await rm(credentialsDir, { recursive: true, force: true });
    },
  };
}

async function readAnswer(response: IncomingMessage): Promise<PortalAnswer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: response.statusCode ?? 0, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}

// What Next.js does for these routes: match the path, build a web Request, call the exported method handler.
function startRouteServer(): Promise<Server> {
  const route = (pathname: string): { handlers: Record<string, unknown>; params: Record<string, string> } | null => {
    if (pathname === '/api/mtls/register') return { handlers: registerRoute, params: {} };
    if (pathname === '/api/mtls/token') return { handlers: tokenRoute, params: {} };
    const clientId = /^\/api\/mtls\/register\/([^/]+)$/.exec(pathname)?.[1];
    return clientId === undefined ? null : { handlers: registrationRoute, params: { clientId: decodeURIComponent(clientId) } };
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://portal.test');
    const matched = route(url.pathname);
    const handler = matched?.handlers[req.method ?? ''] as Handler | undefined;
    if (!matched || !handler) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) headers.append(req.rawHeaders[index] as string, req.rawHeaders[index + 1] as string);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(url, {
      method: req.method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    handler(request, { params: Promise.resolve(matched.params) }).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      (error: unknown) => {
        console.error('route server: handler threw', error);
        res.writeHead(500).end();
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
