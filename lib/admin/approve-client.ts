import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** Approves a pending client (it becomes active and may obtain tokens), with the admin's reason; audited as `client.approved`. */
export async function approveClient(admin: AdminActor, clientId: string, reason: string, options: ProvisioningOptions = {}): Promise<ClientDecisionResult> {
  return changeClientStatus(admin, clientId, 'approve', reason, options);
}
