import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { distinguishedNamesEqual } from '@/lib/certificates/distinguished-names-equal';
import { parseDistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { validateTransportCertificate, type TransportCertificateInfo } from '@/lib/certificates/validate-transport-certificate';
import { getDb, type Client } from '@/lib/db';
import { checkRevokedKeys, REVOKED_KEY_CHECKS } from '@/lib/revoked-keys/check-revoked-keys';
import { createReportBuilder, type CheckDefinition } from '@/lib/validation/create-report-builder';
import type { TrustDomain } from '@/lib/trust-domains/create-trust-domains';
import { trustDomainOf } from '@/lib/trust-domains/select-trust-domain';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import type { ValidationReport } from '@/lib/validation/report';
import { readStoredSoftwareStatement } from './read-stored-software-statement';
import { recordClientAccessRefusal, type ClientOperation } from './record-client-access-refusal';
import { toClientCertificate } from './to-client-certificate';

/** The outcome of checking, or saving, a new transport certificate for a client in My applications. */
export type TransportCertificateUpdateResult =
  | { status: 'not_found' }
  /** The client can take no certificate: it is revoked or rejected. */
  | { status: 'closed'; description: string }
  | { status: 'checked' | 'refused'; report: ValidationReport }
  | { status: 'saved'; report: ValidationReport; certificate: TransportCertificateInfo; isNew: boolean };

// tls_client_auth: the authorization server matches the client by its registered subject DN, so the new certificate
// must carry it (a new DN is a new registration: PUT /register/{client_id} with the new tls_client_auth_subject_dn).
const REGISTERED_SUBJECT_CHECK: CheckDefinition = {
  id: 'certificate.registered_subject',
  title: "transport certificate's subject is the client's tls_client_auth_subject_dn",
  code: 'invalid_client_metadata',
  hint: 'A tls_client_auth client is matched by its registered subject DN: use a certificate with that subject, or register the new DN over the API (PUT /register/{client_id} with the new tls_client_auth_subject_dn).',
};

const CLOSED_STATUSES = new Set(['revoked', 'rejected']);

/**
 * Checks a new transport certificate (PEM) for a client of the actor's organisation (OB-RULES *Trust over time*,
 * rotation), with the checks of a registration's certificate: it parses, is valid now, chains to the bank's CA
 * bundle, names the client's software, is not revoked by its authority (OCSP, then CRL), and is not on the
 * directory's revoked lists; for `tls_client_auth`, it also carries the registered subject DN. Nothing is stored.
 */
export async function checkTransportCertificateUpdate(actor: TppActor, clientId: string, pem: string, context: ValidationContext): Promise<TransportCertificateUpdateResult> {
  const found = await findClient(actor, clientId, 'check_transport_certificate', context);
  if ('status' in found) return found;
  const { report } = await runChecks(found, pem, context);
  return { status: report.ok ? 'checked' : 'refused', report };
}

/**
 * Checks a new transport certificate as `checkTransportCertificateUpdate` does and, when every check passes, keeps it
 * with the client beside its others, audited (`client.transport_certificate_added`). The old ones stay until they
 * expire or are revoked; a suspended client stays suspended until the bank reactivates it, which the new
 * certificate now allows. A certificate the client already has is not kept twice.
 */
export async function saveTransportCertificateUpdate(actor: TppActor, clientId: string, pem: string, context: ValidationContext): Promise<TransportCertificateUpdateResult> {
  const found = await findClient(actor, clientId, 'update_transport_certificate', context);
  if ('status' in found) return found;
  const { report, certificate } = await runChecks(found, pem, context);
  if (!report.ok || certificate === null) return { status: 'refused', report };
  const isNew = await getDb().$transaction(async (tx) => {
    const { count } = await tx.clientCertificate.createMany({ data: [{ clientId, ...toClientCertificate(certificate) }], skipDuplicates: true });
    if (count === 0) return false;
    await recordAuditEvent(tx, {
      actor: { type: 'tpp_user', id: actor.id },
      action: 'client.transport_certificate_added',
      clientId,
      organisationId: actor.organisation.id,
      details: { thumbprintS256: certificate.thumbprintS256, serialNumber: certificate.serialNumber, notAfter: certificate.notAfter.toISOString() },
    });
    return true;
  });
  return { status: 'saved', report, certificate, isNew };
}

async function findClient(
  actor: TppActor,
  clientId: string,
  attempted: ClientOperation,
  context: ValidationContext,
): Promise<{ client: Client; domain: TrustDomain } | { status: 'not_found' } | { status: 'closed'; description: string }> {
  const client = await getDb().client.findFirst({ where: { clientId, organisationId: actor.organisation.id, deletedAt: null } });
  if (client === null) {
    await recordClientAccessRefusal({ id: actor.id, organisationId: actor.organisation.id }, clientId, attempted);
    return { status: 'not_found' };
  }
  if (CLOSED_STATUSES.has(client.status)) return { status: 'closed', description: `the client is ${client.status}: it can never obtain tokens again, so it takes no new certificate` };
  const domain = trustDomainOf(client.environment, context.domains);
  if (domain === null) return { status: 'closed', description: `the bank no longer serves the ${client.environment} environment, so its clients take no new certificate` };
  return { client, domain };
}

// In the client's own trust domain: a certificate of another environment's CA never serves it.
async function runChecks({ client, domain }: { client: Client; domain: TrustDomain }, pem: string, context: ValidationContext): Promise<{ report: ValidationReport; certificate: TransportCertificateInfo | null }> {
  const ssa = readStoredSoftwareStatement(client.softwareStatementClaims);
  const builder = createReportBuilder();
  const result = await validateTransportCertificate(pem, ssa, {
    now: context.now(),
    caCertificates: await domain.readCaCertificates(),
    // Read afresh: a rotation follows the directory publishing the new certificate, which a cached JWKS would miss.
    softwareJwks: context.requireTransportCertInSoftwareJwks ? await domain.fetchJwks(ssa.software_jwks_endpoint, { refresh: true }).catch(() => null) : null,
    requireInSoftwareJwks: context.requireTransportCertInSoftwareJwks,
    checkStatus: domain.checkCertificateStatus,
    statusSoftFailEnvironments: domain.isStatusSoftFail ? [domain.environment] : [],
  });
  builder.include(result.report);
  const { certificate } = result;
  const passed = certificate !== null;
  await builder.check(
    REVOKED_KEY_CHECKS.transportCertificate,
    () => checkRevokedKeys(domain.fetchRevokedKeys, ssa, { kind: 'transport certificate', thumbprintS256: certificate?.thumbprintS256 ?? '' }),
    passed,
  );
  if (client.tokenEndpointAuthMethod === 'tls_client_auth') {
    await builder.check(
      REGISTERED_SUBJECT_CHECK,
      () => {
        const registered = client.tlsClientAuthSubjectDn === null ? null : parseDistinguishedName(client.tlsClientAuthSubjectDn);
        const isSame = registered !== null && distinguishedNamesEqual(readCertificate(pem).subject, registered);
        return isSame || `the certificate's subject is not the client's tls_client_auth_subject_dn (${client.tlsClientAuthSubjectDn ?? 'none'})`;
      },
      passed,
    );
  }
  const report = builder.build();
  return { report, certificate: report.ok ? certificate : null };
}
