import 'server-only';
import type { PrismaClient } from '@/lib/db';
import type { AuthorizationServerProvisioning } from './authorization-server-provisioning';
import { backfillEmbeddedClients } from './backfill-embedded-clients';
import { syncEmbeddedClient } from './sync-embedded-client';

/** What the embedded adapter needs: the app's database (read when used) and where faults are reported. */
export type EmbeddedProvisioningOptions = { getPrisma: () => PrismaClient; logError?: (message: string) => void };

/**
 * The embedded adapter of the provisioning port: the embedded authorization server's clients are rows of Onboard's
 * own database, so each client change provisions or deprovisions inside its own transaction. Atomic and
 * crash-safe without an outbox: there is nothing to confirm or retry after the commit.
 */
export function createEmbeddedProvisioning(options: EmbeddedProvisioningOptions): AuthorizationServerProvisioning {
  const logError = options.logError ?? ((message: string) => console.error(message));
  return {
    kind: 'embedded',
    async recordClientChange(tx, clientId, created) {
      return { kind: 'done', clientId, tokensDeleted: await syncEmbeddedClient(tx, clientId, created) };
    },
    async confirmClientChange() {
      return { status: 'synced' };
    },
    async runDueTasks() {
      return { synced: 0, failed: 0 };
    },
    backfill: () => backfillEmbeddedClients(options.getPrisma(), logError),
  };
}
