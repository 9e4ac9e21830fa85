import 'server-only';
import { EMBEDDED_CLIENT_KIND } from './create-prisma-oidc-adapter';
import { createPrismaOidcAdapter, type OidcAdapterDb } from './create-prisma-oidc-adapter';
import { deleteEmbeddedClientTokens } from './delete-embedded-client-tokens';

/**
 * Removes a client from the embedded authorization server and deletes its tokens (OB-RULES token endpoint:
 * suspended, revoked and deleted clients get invalid_client, and their tokens stop working at once). The client
 * row goes first: a token insert under way holds a share lock on it, so the token delete that follows sees that
 * token, and no later insert finds the client. Idempotent. Returns how many tokens were deleted.
 */
export async function deprovisionEmbeddedClient(prisma: OidcAdapterDb, clientId: string): Promise<number> {
  await createPrismaOidcAdapter(prisma)(EMBEDDED_CLIENT_KIND).destroy(clientId);
  return deleteEmbeddedClientTokens(prisma, clientId);
}
