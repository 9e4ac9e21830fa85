import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb, type Client } from '@/lib/db';
import { getPolicy } from '@/lib/policy/get-policy';
import { initialClientStatus } from '@/lib/policy/initial-client-status';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import type { ReportEntry } from '@/lib/validation/report';
import { refusalOf } from '@/lib/validation/refusal-of';
import { buildClientRecord } from './build-client-record';
import { generateClientSecret } from './generate-client-secret';
import { checkDynamicRegistration, type DynamicRegistrationRequest } from './check-dynamic-registration';

/** The outcome of `POST /register`: the new client (with its secret, shown once, if it chose one), or the first failed check. */
export type RegisterDynamicClientResult =
  | { status: 'registered'; client: Client; secret: string | null }
  | { status: 'refused'; failure: ReportEntry };

/**
 * Registers a client over DCR (OB DCR v3.3). The client joins the SSA's organisation (created if this is
 * its first contact), so it appears in that organisation's My applications like a manual one. The client
 * and its audit event are one transaction; a refusal is audited and stores nothing else.
 */
export async function registerDynamicClient(request: DynamicRegistrationRequest, context: ValidationContext): Promise<RegisterDynamicClientResult> {
  const { report, softwareStatement, ssa, metadata } = await checkDynamicRegistration(request, context);
  if (!softwareStatement || !ssa || !metadata) {
    const failure = refusalOf(report);
    await recordAuditEvent(getDb(), {
      actor: { type: 'anonymous' },
      action: 'client.registration_refused',
      details: { method: 'DCR', check: failure.id, error: failure.code, description: failure.description ?? null },
    });
    return { status: 'refused', failure };
  }
  const clientId = randomUUID();
  const status = initialClientStatus(await getPolicy(), 'DCR', ssa.software_environment);
  // Only when the bank enables client_secret_basic for DCR: the secret is in this response and nowhere else.
  const secret = metadata.tokenEndpointAuthMethod === 'client_secret_basic' ? generateClientSecret() : null;
  const client = await getDb().$transaction(async (tx) => {
    // Usually the organisation exists: one read. On first contact, concurrent registrations of one organisation
    // race to create it: Prisma's upsert reads then inserts, so all but one would fail on the unique key (and
    // abort the transaction). INSERT … ON CONFLICT DO NOTHING (skipDuplicates) waits for the winner instead.
    const findOrganisation = () => tx.organisation.findUnique({ where: { directoryOrgId: ssa.org_id }, select: { id: true } });
    let organisation = await findOrganisation();
    if (!organisation) {
      await tx.organisation.createMany({ data: [{ directoryOrgId: ssa.org_id, name: ssa.org_name, status: ssa.org_status, roles: [] }], skipDuplicates: true });
      organisation = await findOrganisation();
    }
    if (!organisation) throw new Error('organisation could not be created');
    const created = await tx.client.create({
      data: {
        clientId,
        organisationId: organisation.id,
        creationMethod: 'DCR',
        status,
        ...buildClientRecord(softwareStatement, ssa, metadata, report),
        secretHash: secret?.hash ?? null,
        secretTail: secret?.tail ?? null,
      },
    });
    await recordAuditEvent(tx, {
      actor: { type: 'client', id: clientId },
      action: 'client.registered',
      clientId,
      organisationId: organisation.id,
      details: { method: 'DCR', softwareId: ssa.software_id, environment: ssa.software_environment, tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod, status },
    });
    return created;
  });
  return { status: 'registered', client, secret: secret?.secret ?? null };
}
