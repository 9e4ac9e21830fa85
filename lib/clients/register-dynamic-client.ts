import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent, recordAuditEventThenCommit } from '@/lib/audit/record-audit-event';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { requireClientChangeConfirmed } from '@/lib/authorization-server/provisioning/require-client-change-confirmed';
import { getSql, type Client } from '@/lib/db';
import { getPolicy } from '@/lib/policy/get-policy';
import { initialClientStatus } from '@/lib/policy/initial-client-status';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import type { ReportEntry } from '@/lib/validation/report';
import { refusalOf } from '@/lib/validation/refusal-of';
import { buildClientRecord } from './build-client-record';
import { generateClientSecret } from './generate-client-secret';
import { checkDynamicRegistration, type DynamicRegistrationRequest } from './check-dynamic-registration';
import { heldForDetails } from './held-for-details';
import { insertClient } from './insert-client';
import { withdrawRegistration } from './withdraw-registration';

/** The outcome of `POST /register`: the new client (with its secret, shown once, if it chose one), or the first failed check. */
export type RegisterDynamicClientResult =
  | { status: 'registered'; client: Client; secret: string | null }
  | { status: 'refused'; failure: ReportEntry };

/**
 * Registers a client over DCR (OB DCR v3.3). The client joins the SSA's organisation (created if this is
 * its first contact), so it appears in that organisation's My applications like a manual one. Software (or an
 * organisation) the bank revoked is refused, or under the `hold` policy registered pending for review. The client,
 * its audit event and its provisioning are one transaction; a refusal is audited and stores nothing else.
 * It answers only once the authorization server can issue the client a token: if that server cannot take it,
 * the registration is withdrawn and `AuthorizationServerUnavailableError` thrown (`temporarily_unavailable`).
 */
export async function registerDynamicClient(
  request: DynamicRegistrationRequest,
  context: ValidationContext,
  options: ProvisioningOptions = {},
): Promise<RegisterDynamicClientResult> {
  const { report, softwareStatement, ssa, metadata, certificate, heldFor } = await checkDynamicRegistration(request, context);
  if (!softwareStatement || !ssa || !metadata) {
    const failure = refusalOf(report);
    await recordAuditEvent(getSql(), {
      actor: { type: 'anonymous' },
      action: 'client.registration_refused',
      details: { method: 'DCR', check: failure.id, error: failure.code, description: failure.description ?? null },
    });
    return { status: 'refused', failure };
  }
  const clientId = randomUUID();
  // Issue 15, policy `hold`: a registration of revoked software waits for an admin, whatever the environment.
  const status = heldFor ? 'pending' : initialClientStatus(await getPolicy(), 'DCR', ssa.software_environment);
  // Only when the bank enables client_secret_basic for DCR: the secret is in this response and nowhere else.
  const secret = metadata.tokenEndpointAuthMethod === 'client_secret_basic' ? generateClientSecret() : null;
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  // Issue 10 part 5: the registration's writes in plain SQL through the driver adapter, in three statements — the
  // organisation and client together, the provisioning, then the audit append last, sent with the COMMIT, so that
  // the chain head is locked only for that statement and the commit.
  const { client, ticket } = await getSql().transaction(async (tx) => {
    const created = await insertClient(tx, {
      clientId,
      creationMethod: 'DCR',
      status,
      record: buildClientRecord(softwareStatement, ssa, metadata, report),
      secretHash: secret?.hash ?? null,
      secretTail: secret?.tail ?? null,
      organisation: { directoryOrgId: ssa.org_id, name: ssa.org_name, status: ssa.org_status },
      certificate,
    });
    const ticket = await provisioning.recordClientChange(tx, clientId, created);
    await recordAuditEventThenCommit(tx, getSql(), {
      actor: { type: 'client', id: clientId },
      action: 'client.registered',
      clientId,
      organisationId: created.organisationId,
      details: {
        method: 'DCR',
        softwareId: ssa.software_id,
        environment: ssa.software_environment,
        tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
        status,
        ...heldForDetails(heldFor),
      },
    });
    return { client: created, ticket };
  });
  await requireClientChangeConfirmed(provisioning, ticket, {
    undo: () => withdrawRegistration(provisioning, clientId),
    consequence: 'the client was not registered: register again later',
  });
  return { status: 'registered', client, secret: secret?.secret ?? null };
}
