import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** Rejects a pending client (it never becomes active), with the admin's reason; audited as `client.rejected`. */
export async function rejectClient(admin: AdminActor, clientId: string, reason: string, options: ProvisioningOptions = {}): Promise<ClientDecisionResult> {
  return changeClientStatus(admin, clientId, 'reject', reason, options);
}
