import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { requireClientChangeConfirmed } from '@/lib/authorization-server/provisioning/require-client-change-confirmed';
import { getDb, Prisma, type Client } from '@/lib/db';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { refusalOf } from '@/lib/validation/refusal-of';
import type { ReportEntry } from '@/lib/validation/report';
import { buildClientRecord, type ClientRegistrationRecord } from './build-client-record';
import { checkDynamicRegistration, type DynamicRegistrationRequest } from './check-dynamic-registration';
import { toClientCertificate } from './to-client-certificate';

/** The outcome of `PUT /register/{id}`: the updated client, or why the new registration was refused. */
export type UpdateDynamicClientResult =
  | { status: 'updated'; client: Client }
  | { status: 'refused'; failure: Pick<ReportEntry, 'code' | 'description'> };

/**
 * Replaces a client's registration (OB DCR v3.3 PUT: every claim again, the same checks as POST). The new
 * SSA must be for the same software of the same organisation: a client cannot become another one. The row,
 * its audit event and its provisioning are one transaction, and it answers once the authorization server
 * serves the new metadata; if that server cannot take it, the previous registration is restored and
 * `AuthorizationServerUnavailableError` thrown.
 */
export async function updateDynamicClient(
  client: Client,
  request: DynamicRegistrationRequest,
  context: ValidationContext,
  options: ProvisioningOptions = {},
): Promise<UpdateDynamicClientResult> {
  const { report, softwareStatement, ssa, metadata, certificate } = await checkDynamicRegistration(request, context);
  if (!softwareStatement || !ssa || !metadata) return { status: 'refused', failure: refusalOf(report) };
  const organisation = await getDb().organisation.findUniqueOrThrow({ where: { id: client.organisationId }, select: { directoryOrgId: true } });
  if (ssa.software_id !== client.softwareId || ssa.org_id !== organisation.directoryOrgId) {
    return {
      status: 'refused',
      failure: { code: 'invalid_client_metadata', description: 'the software statement is for other software than this client was registered with' },
    };
  }
  // OB-RULES *Trust over time*, environments: a client stays in the trust domain it was registered in.
  if (ssa.software_environment !== client.environment) {
    return {
      status: 'refused',
      failure: {
        code: 'invalid_client_metadata',
        description: `the software statement is of the ${ssa.software_environment} environment and this client of ${client.environment}: register a new client there instead`,
      },
    };
  }
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  const { updated, ticket } = await getDb().$transaction(async (tx) => {
    const row = await tx.client.update({ where: { id: client.id }, data: buildClientRecord(softwareStatement, ssa, metadata, report) });
    // OB-RULES *Trust over time*, rotation: a new transport certificate joins the client's; the old ones stay
    // (re-checked, and accepted until they expire or are revoked).
    const kept = certificate === null ? 0 : (await tx.clientCertificate.createMany({ data: [{ clientId: client.clientId, ...toClientCertificate(certificate) }], skipDuplicates: true })).count;
    const recorded = await provisioning.recordClientChange(tx, client.clientId);
    await recordAuditEvent(tx, {
      actor: { type: 'client', id: client.clientId },
      action: 'client.updated',
      clientId: client.clientId,
      organisationId: client.organisationId,
      details: { method: 'DCR', softwareId: ssa.software_id, tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod, ...(kept > 0 ? { newTransportCertificate: certificate?.thumbprintS256 } : {}) },
    });
    return { updated: row, ticket: recorded };
  });
  await requireClientChangeConfirmed(provisioning, ticket, {
    undo: () => restoreRegistration(provisioning, client, updated.updatedAt),
    consequence: 'the registration was not changed: send it again later',
  });
  return { status: 'updated', client: updated };
}

// Puts the registration back as it was before the update, unless another change came since (it is newer).
async function restoreRegistration(provisioning: NonNullable<ProvisioningOptions['provisioning']>, previous: Client, updatedAt: Date): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.client.updateMany({ where: { id: previous.id, updatedAt }, data: registrationRecordOf(previous) });
    if (count === 0) return;
    await provisioning.recordClientChange(tx, previous.clientId);
    await recordAuditEvent(tx, {
      actor: { type: 'system' },
      action: 'client.update_withdrawn',
      clientId: previous.clientId,
      organisationId: previous.organisationId,
      details: { reason: 'the authorization server could not take the update in time, so the previous registration was restored' },
    });
  });
}

function registrationRecordOf(client: Client): ClientRegistrationRecord {
  return {
    softwareId: client.softwareId,
    softwareClientName: client.softwareClientName,
    environment: client.environment,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    tokenEndpointAuthSigningAlg: client.tokenEndpointAuthSigningAlg,
    tlsClientAuthSubjectDn: client.tlsClientAuthSubjectDn,
    idTokenSignedResponseAlg: client.idTokenSignedResponseAlg,
    requestObjectSigningAlg: client.requestObjectSigningAlg,
    applicationType: client.applicationType,
    redirectUris: client.redirectUris,
    scopes: client.scopes,
    grantTypes: client.grantTypes,
    responseTypes: client.responseTypes,
    softwareStatement: client.softwareStatement,
    // Read from these very columns: JSON values, and never JSON null but the report (which may be absent).
    softwareStatementClaims: client.softwareStatementClaims as Prisma.InputJsonValue,
    registrationMetadata: client.registrationMetadata as Prisma.InputJsonValue,
    validationReport: client.validationReport === null ? Prisma.JsonNull : (client.validationReport as Prisma.InputJsonValue),
  };
}
