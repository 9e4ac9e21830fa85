import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TppActor } from '@/lib/auth/tpp-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { requireClientChangeConfirmed } from '@/lib/authorization-server/provisioning/require-client-change-confirmed';
import { parseDistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { getDb } from '@/lib/db';
import { validateClientMetadata } from '@/lib/registration/validate-client-metadata';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { firstFailure, type ValidationReport } from '@/lib/validation/report';
import { recordClientAccessRefusal } from './record-client-access-refusal';
import { readStoredSoftwareStatement } from './read-stored-software-statement';
import { toRfc7591Metadata } from './to-rfc7591-metadata';

/** The outcome of editing redirect URIs: updated, refused with the report, or no such client. */
export type UpdateRedirectUrisResult = { status: 'updated' } | { status: 'refused'; report: ValidationReport } | { status: 'not_found' };

/**
 * Replaces a client's redirect URIs, within its SSA's `software_redirect_uris` (the same checks as at
 * registration, run on the client's stored metadata with the new URIs; a refusal is audited). Scoped to the actor's organisation.
 * Recorded for the authorization server like every client change, though what it serves today (client
 * credentials only) has no redirect URIs; if a remote one cannot take it, the old URIs are restored.
 */
export async function updateClientRedirectUris(
  actor: TppActor,
  clientId: string,
  redirectUris: string[],
  context: Pick<ValidationContext, 'manualRegistrationPolicy'>,
  options: ProvisioningOptions = {},
): Promise<UpdateRedirectUrisResult> {
  const client = await getDb().client.findFirst({ where: { clientId, organisationId: actor.organisation.id, deletedAt: null } });
  if (!client) {
    await recordClientAccessRefusal({ id: actor.id, organisationId: actor.organisation.id }, clientId, 'update_redirect_uris');
    return { status: 'not_found' };
  }
  const ssa = readStoredSoftwareStatement(client.softwareStatementClaims);
  // The subject DN is not edited here: the one checked at registration stands as the transport certificate's.
  const registeredDn = client.tlsClientAuthSubjectDn === null ? null : parseDistinguishedName(client.tlsClientAuthSubjectDn);
  const { report, metadata } = await validateClientMetadata(
    { ...toRfc7591Metadata(client), redirect_uris: redirectUris },
    ssa,
    context.manualRegistrationPolicy,
    { subjects: registeredDn ? [registeredDn] : [], missing: 'the client has no registered subject DN' },
  );
  if (!report.ok || !metadata) {
    const failure = firstFailure(report);
    await recordAuditEvent(getDb(), {
      actor: { type: 'tpp_user', id: actor.id },
      action: 'client.redirect_uris_update_refused',
      clientId,
      organisationId: actor.organisation.id,
      // What was asked for, capped: the form is the user's to fill.
      details: { from: client.redirectUris, to: redirectUris.slice(0, 20).map((uri) => uri.slice(0, 500)), code: failure?.code ?? null, description: failure?.description ?? null },
    });
    return { status: 'refused', report };
  }
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  const ticket = await getDb().$transaction(async (tx) => {
    await tx.client.update({ where: { id: client.id }, data: { redirectUris: metadata.redirectUris } });
    const recorded = await provisioning.recordClientChange(tx, clientId);
    await recordAuditEvent(tx, {
      actor: { type: 'tpp_user', id: actor.id },
      action: 'client.redirect_uris_updated',
      clientId,
      organisationId: actor.organisation.id,
      details: { from: client.redirectUris, to: metadata.redirectUris },
    });
    return recorded;
  });
  await requireClientChangeConfirmed(provisioning, ticket, {
    undo: () =>
      getDb().$transaction(async (tx) => {
        const { count } = await tx.client.updateMany({ where: { id: client.id, redirectUris: { equals: metadata.redirectUris } }, data: { redirectUris: client.redirectUris } });
        if (count > 0) await provisioning.recordClientChange(tx, clientId);
      }),
    consequence: 'the redirect URIs were not changed',
  });
  return { status: 'updated' };
}
