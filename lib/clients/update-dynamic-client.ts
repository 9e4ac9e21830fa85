import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb, type Client } from '@/lib/db';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { refusalOf } from '@/lib/validation/refusal-of';
import type { ReportEntry } from '@/lib/validation/report';
import { buildClientRecord } from './build-client-record';
import { checkDynamicRegistration, type DynamicRegistrationRequest } from './check-dynamic-registration';

/** The outcome of `PUT /register/{id}`: the updated client, or why the new registration was refused. */
export type UpdateDynamicClientResult =
  | { status: 'updated'; client: Client }
  | { status: 'refused'; failure: Pick<ReportEntry, 'code' | 'description'> };

/**
 * Replaces a client's registration (OB DCR v3.3 PUT: every claim again, the same checks as POST). The new
 * SSA must be for the same software of the same organisation: a client cannot become another one.
 */
export async function updateDynamicClient(client: Client, request: DynamicRegistrationRequest, context: ValidationContext): Promise<UpdateDynamicClientResult> {
  const { report, softwareStatement, ssa, metadata } = await checkDynamicRegistration(request, context);
  if (!softwareStatement || !ssa || !metadata) return { status: 'refused', failure: refusalOf(report) };
  const organisation = await getDb().organisation.findUniqueOrThrow({ where: { id: client.organisationId }, select: { directoryOrgId: true } });
  if (ssa.software_id !== client.softwareId || ssa.org_id !== organisation.directoryOrgId) {
    return {
      status: 'refused',
      failure: { code: 'invalid_client_metadata', description: 'the software statement is for other software than this client was registered with' },
    };
  }
  const updated = await getDb().$transaction(async (tx) => {
    const row = await tx.client.update({ where: { id: client.id }, data: buildClientRecord(softwareStatement, ssa, metadata, report) });
    await recordAuditEvent(tx, {
      actor: { type: 'client', id: client.clientId },
      action: 'client.updated',
      clientId: client.clientId,
      organisationId: client.organisationId,
      details: { method: 'DCR', softwareId: ssa.software_id, tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod },
    });
    return row;
  });
  return { status: 'updated', client: updated };
}
