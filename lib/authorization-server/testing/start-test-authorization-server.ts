import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { x509 } from '@/lib/certificates/x509';
import { getSql, type PrismaClient } from '@/lib/db';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { createGuardedFetch } from '@/lib/keys/guarded-fetch';
import { generateSigningKey, type GeneratedSigningKey } from '@/lib/tokens/generate-signing-key';
import {
  createEmbeddedAuthorizationServer,
  type EmbeddedAuthorizationServer,
  type EmbeddedAuthorizationServerOptions,
} from '../create-embedded-authorization-server';
import { createMtlsTestPki, type MtlsTestCredential, type MtlsTestPki } from './create-mtls-test-pki';

/** An answer of the authorization server: status, headers and the body (parsed when JSON). */
export type TestAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };

/** The embedded authorization server behind a real node:https server that asks for client certificates. */
export type TestAuthorizationServer = {
  /** `https://localhost:<port>`. */
  issuer: string;
  pki: MtlsTestPki;
  signingKey: GeneratedSigningKey;
  server: EmbeddedAuthorizationServer;
  /** One request over TLS, presenting `credential` as the client certificate (null: none). */
  send(method: string, path: string, options: { credential: MtlsTestCredential | null; headers?: Record<string, string>; body?: string }): Promise<TestAnswer>;
  close(): Promise<void>;
};

/**
 * Starts the server as the API host will mount it (requestCert, rejectUnauthorized off, the test CA), with the
 * host's certificate hook: the peer certificate as PEM when the TLS handshake verified it, else null.
 */
export async function startTestAuthorizationServer(
  prisma: PrismaClient,
  options: Pick<EmbeddedAuthorizationServerOptions, 'resourceServers' | 'obChecks'> & {
    jwksHosts: string[];
    /** CAs trusted besides the test mTLS CA, e.g. the sandbox directory's, whose signing certificates its software JWKS publish. */
    caCertificates?: string[];
  },
): Promise<TestAuthorizationServer> {
  const [pki, signingKey] = await Promise.all([createMtlsTestPki(new Date()), generateSigningKey()]);
  let handler: EmbeddedAuthorizationServer['callback'] = (_req, res) => void res.writeHead(503).end();
  const https: Server = createServer(
    { key: pki.server.keyPem, cert: pki.server.certPem, ca: [pki.caPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => handler(req, res),
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const { port } = https.address() as AddressInfo;
  const issuer = `https://localhost:${port}`;

  const server = await createEmbeddedAuthorizationServer({
    issuer,
    prisma,
    sql: getSql(),
    signingKeys: [{ kid: signingKey.kid, privateKeyPem: signingKey.privateKeyPem }],
    getClientCertificate(req) {
      const socket = req.socket as TLSSocket;
      const raw = socket.authorized ? socket.getPeerCertificate()?.raw : undefined;
      return raw ? `${x509.PemConverter.encode(raw, 'CERTIFICATE')}\n` : null;
    },
    cookieKeys: ['test-cookie-key-0123456789abcdef0123456789abcdef'],
    accessTokenTtlSeconds: 300,
    fetchJwks: createGuardedFetch({ allowedHosts: options.jwksHosts, timeoutMs: 2_000, maxBytes: 64 * 1024 }),
    // As the API host, with REVOCATION_CACHE_MAX_AGE_SECONDS=0 and CERTIFICATE_STATUS_MAX_AGE_SECONDS=0: a test
    // that changes a list or revokes a certificate sees it at the next request.
    trustSources: {
      domains: [
        {
          environment: 'sandbox',
          fetchRevokedKeys: createJwksFetcher({ allowedHosts: options.jwksHosts, timeoutMs: 2_000, cacheMaxAgeMs: 0 }),
          checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: options.jwksHosts, timeoutMs: 2_000, maxAgeMs: 0 }),
          readCaCertificates: async () => [pki.caPem, ...(options.caCertificates ?? [])],
          fetchJwks: createJwksFetcher({ allowedHosts: options.jwksHosts, timeoutMs: 2_000 }),
          isStatusSoftFail: false,
        },
      ],
    },
    resourceServers: options.resourceServers,
    obChecks: options.obChecks,
    logError: () => undefined,
  });
  handler = server.callback;

  return {
    issuer,
    pki,
    signingKey,
    server,
    send(method, path, { credential, headers = {}, body }) {
      return new Promise((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            servername: 'localhost',
            port,
            method,
            path,
            headers: { ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), accept: 'application/json', ...headers },
            ca: pki.caPem,
            ...(credential ? { cert: credential.certPem, key: credential.keyPem } : {}),
            agent: false,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const isJson = /json/.test(response.headers['content-type'] ?? '');
              resolve({ status: response.statusCode ?? 0, headers: response.headers, body: isJson && text !== '' ? JSON.parse(text) : text });
            });
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
    async close() {
      await server.close();
      https.closeAllConnections();
      await new Promise<void>((resolve, reject) => https.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
