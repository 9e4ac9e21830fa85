import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** Approves a pending client (it becomes active and may obtain tokens), with the admin's reason; audited as `client.approved`. */
export async function approveClient(admin: AdminActor, clientId: string, reason: string): Promise<ClientDecisionResult> {
  return changeClientStatus(admin, clientId, 'approve', reason);
}
