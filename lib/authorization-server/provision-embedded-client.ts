import 'server-only';
import { EMBEDDED_CLIENT_KIND } from './create-prisma-oidc-adapter';
import { createPrismaOidcAdapter, type OidcAdapterDb } from './create-prisma-oidc-adapter';
import { toEmbeddedClientMetadata, type ProvisionableClient } from './to-embedded-client-metadata';

/**
 * Writes an active, undeleted Onboard client into the embedded authorization server (OB-RULES token endpoint:
 * what the AS accepts is exactly what Onboard approved), replacing what was there; the next token request reads it.
 * Throws for a client that is not active or is deleted: the caller deprovisions those.
 */
export async function provisionEmbeddedClient(prisma: OidcAdapterDb, client: ProvisionableClient): Promise<void> {
  const metadata = toEmbeddedClientMetadata(client);
  // In the client change's transaction: the authorization server's own adapter deletes expired tokens, not this write.
  await createPrismaOidcAdapter(prisma, { pruneExpired: false })(EMBEDDED_CLIENT_KIND).upsert(metadata.client_id, metadata);
}
