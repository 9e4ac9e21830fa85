import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** Revokes a client for good (from any status but revoked) and every live access token it holds, with the admin's reason; audited as `client.revoked`. */
export async function revokeClient(admin: AdminActor, clientId: string, reason: string, options: ProvisioningOptions = {}): Promise<ClientDecisionResult> {
  return changeClientStatus(admin, clientId, 'revoke', reason, options);
}
