import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** Suspends an active client and revokes its live access tokens, with the admin's reason; audited as `client.suspended`. */
export async function suspendClient(admin: AdminActor, clientId: string, reason: string, options: ProvisioningOptions = {}): Promise<ClientDecisionResult> {
  return changeClientStatus(admin, clientId, 'suspend', reason, options);
}
