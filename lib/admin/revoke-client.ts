import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { revokeOrganisation } from '@/lib/software-revocation/revoke-organisation';
import { revokeSoftware } from '@/lib/software-revocation/revoke-software';
import { changeClientStatus, type ClientDecisionResult } from './change-client-status';

/** What a client revocation takes with it (issue 15: a revoked client must not come back by registering again). */
export type RevokeClientOptions = ProvisioningOptions & {
  /** Also revoke the client's software in its environment for new registrations; default true. */
  alsoRevokeSoftware?: boolean;
  /** Also revoke the client's organisation for new registrations of any of its software; default false. */
  alsoRevokeOrganisation?: boolean;
};

/**
 * Revokes a client for good (from any status but revoked) and every live access token it holds, with the admin's
 * reason; audited as `client.revoked`. By default its software is revoked with it (`software.revoked`), and on
 * request its organisation (`organisation.revoked`), in the same transaction, so that the same SSA cannot register
 * a new client until an admin lifts the revocation.
 */
export async function revokeClient(admin: AdminActor, clientId: string, reason: string, options: RevokeClientOptions = {}): Promise<ClientDecisionResult> {
  const { alsoRevokeSoftware = true, alsoRevokeOrganisation = false, ...provisioning } = options;
  return changeClientStatus(admin, clientId, 'revoke', reason, {
    ...provisioning,
    withDecision: async (tx, client, statusReason, at) => {
      if (alsoRevokeSoftware) await revokeSoftware(tx, admin, client, statusReason, { clientId, at });
      if (alsoRevokeOrganisation) await revokeOrganisation(tx, admin, client.organisationId, statusReason, { clientId, at });
    },
  });
}
