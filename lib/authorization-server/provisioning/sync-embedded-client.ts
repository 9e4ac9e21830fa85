import 'server-only';
import { deprovisionEmbeddedClient } from '../deprovision-embedded-client';
import { provisionEmbeddedClient } from '../provision-embedded-client';
import type { ProvisionableClient } from '../to-embedded-client-metadata';
import type { ProvisioningTransaction } from './authorization-server-provisioning';
import { isServedClient } from './provisionable-client-select';

/**
 * Makes the embedded authorization server serve `clientId` exactly as its row in this transaction says: provisioned
 * with its current metadata when active and undeleted, else removed with its tokens. Its state is in Onboard's own
 * database, so doing this inside the client change's transaction makes the two one atomic, crash-safe change. The
 * client row is read under a row lock (one statement), so a backfill or another change cannot interleave a stale
 * copy; a row this transaction created (`created`) is taken as given: no one else can see it, and it has no tokens.
 * Returns how many tokens were deleted.
 */
export async function syncEmbeddedClient(tx: ProvisioningTransaction, clientId: string, created?: ProvisionableClient): Promise<number> {
  if (created !== undefined) {
    if (isServedClient(created)) await provisionEmbeddedClient(tx, created);
    return 0;
  }
  const [client] = await tx.$queryRaw<ProvisionableClient[]>`
    SELECT "clientId", status::text AS status, "deletedAt", "softwareId", "tokenEndpointAuthMethod", "tokenEndpointAuthSigningAlg",
           "tlsClientAuthSubjectDn", scopes, "grantTypes", "secretHash", "softwareStatementClaims"
    FROM "Client" WHERE "clientId" = ${clientId} FOR UPDATE`;
  if (client !== undefined && isServedClient(client)) {
    await provisionEmbeddedClient(tx, client);
    return 0;
  }
  return deprovisionEmbeddedClient(tx, clientId);
}
