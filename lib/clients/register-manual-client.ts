import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TppActor } from '@/lib/auth/tpp-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { requireClientChangeConfirmed } from '@/lib/authorization-server/provisioning/require-client-change-confirmed';
import { getDb } from '@/lib/db';
import { getPolicy } from '@/lib/policy/get-policy';
import { initialClientStatus } from '@/lib/policy/initial-client-status';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { firstFailure } from '@/lib/validation/report';
import { buildClientRecord } from './build-client-record';
import { checkManualRegistration, type ManualRegistrationCheck } from './check-manual-registration';
import { generateClientSecret } from './generate-client-secret';
import type { ManualRegistrationChoices } from './manual-registration-choices';
import { heldForDetails } from './held-for-details';
import { toClientCertificate } from './to-client-certificate';
import { withdrawRegistration } from './withdraw-registration';

/** The Register step's outcome: the new client (its secret shown once), or the report that refused it. */
export type RegisterManualClientResult =
  | { status: 'registered'; clientId: string; secret: string | null; check: ManualRegistrationCheck }
  | { status: 'refused'; check: ManualRegistrationCheck };

/**
 * Registers a client from an SSA and the TPP's choices, after running every check again (the Check
 * step's result is never trusted). Creates the client, its audit event and its provisioning in one
 * transaction; a refusal is audited too and stores nothing else. It answers only once the authorization
 * server can issue the client a token; if that server cannot take it, the registration is withdrawn and
 * `AuthorizationServerUnavailableError` thrown.
 */
export async function registerManualClient(
  actor: TppActor,
  softwareStatement: string,
  choices: ManualRegistrationChoices,
  context: ValidationContext,
  options: ProvisioningOptions = {},
): Promise<RegisterManualClientResult> {
  const check = await checkManualRegistration(actor, softwareStatement, choices, context);
  const auditActor = { type: 'tpp_user', id: actor.id } as const;
  const { ssa, metadata } = check;
  if (!check.report.ok || !ssa || !metadata) {
    const failure = firstFailure(check.report);
    await recordAuditEvent(getDb(), {
      actor: auditActor,
      action: 'client.registration_refused',
      organisationId: actor.organisation.id,
      details: { method: 'MCR', check: failure?.id ?? null, error: failure?.code ?? null, description: failure?.description ?? null },
    });
    return { status: 'refused', check };
  }

  const clientId = randomUUID();
  const secret = metadata.tokenEndpointAuthMethod === 'client_secret_basic' ? generateClientSecret() : null;
  // Issue 15, policy `hold`: a registration of revoked software waits for an admin, whatever the environment.
  const status = check.heldFor ? 'pending' : initialClientStatus(await getPolicy(), 'MCR', ssa.software_environment);
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  const ticket = await getDb().$transaction(async (tx) => {
    await tx.client.create({
      data: {
        clientId,
        organisationId: actor.organisation.id,
        ...buildClientRecord(softwareStatement, ssa, metadata, check.report),
        creationMethod: 'MCR',
        status,
        secretHash: secret?.hash ?? null,
        secretTail: secret?.tail ?? null,
        // The software's published transport certificates, so that their trust is re-checked.
        certificates: { createMany: { data: check.certificates.map(toClientCertificate) } },
      },
    });
    const recorded = await provisioning.recordClientChange(tx, clientId);
    await recordAuditEvent(tx, {
      actor: auditActor,
      action: 'client.registered',
      clientId,
      organisationId: actor.organisation.id,
      details: {
        method: 'MCR',
        softwareId: ssa.software_id,
        environment: ssa.software_environment,
        tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
        status,
        ...heldForDetails(check.heldFor),
      },
    });
    return recorded;
  });
  await requireClientChangeConfirmed(provisioning, ticket, {
    undo: () => withdrawRegistration(provisioning, clientId),
    consequence: 'the client was not registered: register again later',
  });
  return { status: 'registered', clientId, secret: secret?.secret ?? null, check };
}
