import 'server-only';
import { EMBEDDED_CLIENT_KIND } from './create-prisma-oidc-adapter';
import type { OidcAdapterDb } from './create-prisma-oidc-adapter';

/**
 * Deletes every token the embedded authorization server stored for `clientId` (OB-RULES token endpoint: a
 * suspended, revoked or deleted client's tokens stop working at once; introspection then answers active:false).
 * Seen assertion ids stay: a captured assertion must not become usable again if the client is reactivated.
 * Returns how many tokens were deleted.
 */
export async function deleteEmbeddedClientTokens(prisma: OidcAdapterDb, clientId: string): Promise<number> {
  return prisma.$executeRaw`DELETE FROM "AuthorizationServerPayload" WHERE "clientId" = ${clientId} AND kind <> ${EMBEDDED_CLIENT_KIND}`;
}
