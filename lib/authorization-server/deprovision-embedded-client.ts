import 'server-only';
import type { PrismaClient } from '@/lib/db';
import { EMBEDDED_CLIENT_KIND } from './authorization-server-profile';
import { createPrismaOidcAdapter } from './create-prisma-oidc-adapter';
import { deleteEmbeddedClientTokens } from './delete-embedded-client-tokens';

/**
 * Removes a client from the embedded authorization server and deletes its tokens (OB-RULES token endpoint:
 * suspended, revoked and deleted clients get invalid_client, and their tokens stop working at once). The client
 * row goes first: a token insert under way holds a share lock on it, so the token delete that follows sees that
 * token, and no later insert finds the client. Idempotent.
 */
export async function deprovisionEmbeddedClient(prisma: PrismaClient, clientId: string): Promise<void> {
  await createPrismaOidcAdapter(prisma)(EMBEDDED_CLIENT_KIND).destroy(clientId);
  await deleteEmbeddedClientTokens(prisma, clientId);
}
