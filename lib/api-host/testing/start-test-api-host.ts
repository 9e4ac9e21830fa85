import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request as requestHttps } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { vi } from 'vitest';

import { startTestDirectory, TEST_BANK_ORG_ID, type TestDirectory } from '@/directory/testing/start-test-directory';
import { findFreePort } from '@/directory/testing/find-free-port';
import { MTLS_PROXY_SECRET_HEADER, readForwardedConnection } from '@/lib/http/read-forwarded-certificate';
import { buildRegistrationClaims } from '@/lib/testing/build-registration-claims';
import { parseEnv } from '@/lib/env';
import { API_ROUTES } from '../api-routes';
import { createApiServices } from '../create-api-services';
import { AUTHORIZATION_SERVER_PATHS } from '../mount-authorization-server';
import type { ApiHostServices } from '../start-configured-api-host';
import { loadServerCredentials } from '../load-server-credentials';
import { startApiHost, type ApiHost, type MountedHandler } from '../start-api-host';

/** The bank terminator's shared secret in these tests. */
export const TEST_PROXY_SECRET = 'mtls-portal-test-proxy-secret-0123456789';

/** Software the sandbox directory issued, with the keys a TPP holds. */
export type TestSoftware = {
  software_id: string;
  org_id: string;
  ssa: string;
  signing: { kid: string; private_key_pem: string };
  transport: { private_key_pem: string; certificate_pem: string };
};

/** An answer from the API host, status, headers and parsed body. */
export type ApiAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };

/**
 * The DCR API as a TPP reaches it: the real API host with the real endpoints, over mutual TLS it terminates itself
 * and on its plain listener behind a (simulated) bank terminator, against a sandbox directory.
 * Start it in a `beforeAll` registered before `useTestDatabase()`: it stubs the configuration (plus `env`), which the
 * database set-up is the first to read.
 */
export type TestApiHost = {
  directory: TestDirectory;
  /** `https://localhost:<port>`: the API host's mutual TLS listener. */
  mtlsUrl: string;
  /** New software of the organisation at the sandbox directory (`body`: the directory's create-software members). */
  createSoftware(orgId: string, body?: Record<string, unknown>): Promise<TestSoftware>;
  /** A registration JWT for the software, signed with its key, valid now (a fresh jti each time). */
  signRegistration(software: TestSoftware): Promise<string>;
  /** One request over mutual TLS, presenting `client`'s transport certificate (null: none). */
  send(method: string, target: string, options: { client: TestSoftware | null; headers?: Record<string, string | string[]>; body?: string; family?: 4 | 6 }): Promise<ApiAnswer>;
  /** One request to the plain listener, as the bank's terminator would send it; `headers` are all it gets. */
  sendDirect(method: string, target: string, options: { headers: Record<string, string>; body?: string }): Promise<ApiAnswer>;
  /** The headers the bank's terminator would add for `software`'s certificate and client address `address`. */
  terminatorHeaders(software: TestSoftware | null, address: string): Record<string, string>;
  close(): Promise<void>;
};

/**
 * Starts the sandbox directory and the API host. `configure` adds configuration that needs the running directory
 * (a `TRUST_DOMAINS_FILE` naming it, which then replaces the single-domain `DIRECTORY_CA_BUNDLE`).
 */
export async function startTestApiHost(
  env: Record<string, string> = {},
  options: { configure?: (directory: TestDirectory) => Promise<Record<string, string>> } = {},
): Promise<TestApiHost> {
  const directory = await startTestDirectory();
  const credentialsDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-test-api-host-'));
  const mtlsPort = await findFreePort();
  const mtlsUrl = `https://localhost:${mtlsPort}`;
  const configured = { ...env, ...(await options.configure?.(directory)) };
  const configuration: Record<string, string> = {
    SANDBOX_DIRECTORY_URL: directory.url,
    ...(configured.TRUST_DOMAINS_FILE ? {} : { DIRECTORY_CA_BUNDLE: path.join(directory.dataDir, 'directory', 'ca-bundle.pem') }),
    ASPSP_ORG_ID: TEST_BANK_ORG_ID,
    MTLS_URL: mtlsUrl,
    MTLS_PROXY_SECRET: TEST_PROXY_SECRET,
    ...configured,
  };
  for (const [name, value] of Object.entries(configuration)) vi.stubEnv(name, value);
  // As the configured API host: the terminator trusts every trust domain's CA.
  const caBundlePaths = [...new Set(parseEnv(process.env).trustDomains.map((domain) => domain.caBundlePath))];
  const caBundlePem = (await Promise.all(caBundlePaths.map((file) => readFile(file, 'utf8')))).join('\n');

  const serverCredentials = await loadServerCredentials(credentialsDir, ['localhost']);
  // The authorization server is created on first use: the test database is set up after this fixture starts.
  let services: Promise<ApiHostServices> | undefined;
  const authorizationServer: MountedHandler = {
    paths: AUTHORIZATION_SERVER_PATHS,
    handle(req, res, connection) {
      services ??= createApiServices(parseEnv(process.env));
      services.then(
        (started) => started.authorizationServer?.handle(req, res, connection),
        (error: unknown) => {
          console.error('test API host: the authorization server did not start', error);
          res.writeHead(500).end();
        },
      );
    },
  };
  const host: ApiHost = await startApiHost({
    routes: API_ROUTES,
    authorizationServer,
    readiness: async () => {
      services ??= createApiServices(parseEnv(process.env));
      const started = await services;
      if (!started.readiness) throw new Error('the API host reports no readiness');
      return started.readiness();
    },
    mtls: { listenUrl: mtlsUrl, caBundlePem, serverCredentials },
    plain: { host: '127.0.0.1', port: 0, readConnection: readForwardedConnection },
  });
  const plainUrl = host.plainUrl as string;

  return {
    directory,
    mtlsUrl,
    createSoftware: (orgId, body) => createDirectorySoftware(directory.url, orgId, body),
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
      const response = await fetch(`${plainUrl}${target}`, { method, headers: options.headers, body: options.body });
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
      await host.close();
      await (await services)?.close?.();
      await directory.dispose();
      await rm(credentialsDir, { recursive: true, force: true });
    },
  };
}

/** New software of `orgId` at the sandbox directory at `directoryUrl`, with the keys a TPP holds. */
export async function createDirectorySoftware(directoryUrl: string, orgId: string, body: Record<string, unknown> = {}): Promise<TestSoftware> {
  const response = await fetch(`${directoryUrl}/api/organisations/${orgId}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`the sandbox directory answered ${response.status}`);
  return (await response.json()) as TestSoftware;
}

async function readAnswer(response: IncomingMessage): Promise<ApiAnswer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: response.statusCode ?? 0, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
}
