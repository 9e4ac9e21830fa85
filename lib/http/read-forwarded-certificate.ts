import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { readCertificateHeader } from '@/lib/certificates/read-certificate-header';
import { getEnv } from '@/lib/env';
import type { ApiConnection } from './with-mtls-request';

/** The header in which the bank's TLS terminator proves the request came through it. */
export const MTLS_PROXY_SECRET_HEADER = 'x-onboard-mtls-proxy-secret';

/** What the TLS terminator forwarded: the verified client certificate (PEM), or none; or a request that bypassed it. */
export type ForwardedCertificate = { isTrusted: true; pem: string | null } | { isTrusted: false };

/**
 * Reads the client certificate the TLS terminator verified and forwarded in `MTLS_CERT_HEADER`. The header
 * is believed only when the request also carries the terminator's shared secret: a client that reaches the
 * portal directly could otherwise forge it (OB-RULES transport certificate). No configured secret, no trust.
 */
export function readForwardedCertificate(headers: Headers): ForwardedCertificate {
  const env = getEnv();
  const presented = headers.get(MTLS_PROXY_SECRET_HEADER);
  if (!env.mtlsProxySecret || presented === null || !isSameSecret(presented, env.mtlsProxySecret)) return { isTrusted: false };
  return { isTrusted: true, pem: readCertificateHeader(headers.get(env.mtlsCertHeader)) };
}

function isSameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The connection of a request that reached the API host's plain listener through the bank's TLS terminator: its
 * verified certificate and the client address it saw (`X-Forwarded-For`), or null without the shared secret.
 */
export function readForwardedConnection(headers: Headers): ApiConnection | null {
  const certificate = readForwardedCertificate(headers);
  return certificate.isTrusted ? { certificatePem: certificate.pem, clientAddress: headers.get('x-forwarded-for') ?? '' } : null;
}
