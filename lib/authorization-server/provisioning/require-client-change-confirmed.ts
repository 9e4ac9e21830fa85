import 'server-only';
import type { AuthorizationServerProvisioning, ProvisioningTicket } from './authorization-server-provisioning';
import { AuthorizationServerUnavailableError } from './authorization-server-unavailable-error';

/** What to do when the server could not take a change: undo it in Onboard (or keep it), and what to tell the caller. */
export type UnconfirmedChange = {
  /** Undoes the change in Onboard, in a transaction that records the change again (so that the server follows). */
  undo?: () => Promise<void>;
  /** What became of the change, for the caller: "the client was not registered". */
  consequence: string;
};

/**
 * After a client change committed: returns once the authorization server has it (OB-RULES token endpoint: the
 * change is reported done only then). Otherwise undoes it when told how, and throws
 * `AuthorizationServerUnavailableError` saying why and what became of the change.
 */
export async function requireClientChangeConfirmed(provisioning: AuthorizationServerProvisioning, ticket: ProvisioningTicket, unconfirmed: UnconfirmedChange): Promise<void> {
  const outcome = await provisioning.confirmClientChange(ticket);
  if (outcome.status === 'synced') return;
  await unconfirmed.undo?.();
  throw new AuthorizationServerUnavailableError(`${outcome.description}; ${unconfirmed.consequence}`);
}
