import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** Reactivates a suspended client, with the admin's reason; audited as `client.reactivated`. */
export async function reactivateClient(admin: AdminActor, clientId: string, reason: string, options: ProvisioningOptions = {}): Promise<ClientDecisionResult> {
  return changeClientStatus(admin, clientId, 'reactivate', reason, options);
}
