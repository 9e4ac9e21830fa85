import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/db';
import { createPrismaOidcAdapter } from '../create-prisma-oidc-adapter';

/**
 * Stores a client-credentials token exactly as the embedded authorization server does (its `ClientCredentials`
 * payload, bound to `x5t#S256`), for tests of what consumes tokens (the RFC 7592 endpoints) without a token request.
 * That the server stores this shape is proven in create-embedded-authorization-server.test.ts. The client must be
 * provisioned: a token is stored only while its client's row exists.
 */
export async function storeTestAccessToken(
  prisma: PrismaClient,
  token: { clientId: string; certificateThumbprint: string; scope?: string; lifetimeSeconds?: number },
): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  const lifetime = token.lifetimeSeconds ?? 300;
  const iat = Math.floor(Date.now() / 1000);
  await createPrismaOidcAdapter(prisma)('ClientCredentials').upsert(
    value,
    { jti: value, kind: 'ClientCredentials', clientId: token.clientId, iat, exp: iat + lifetime, 'x5t#S256': token.certificateThumbprint, scope: token.scope ?? '' },
    lifetime,
  );
  return value;
}
