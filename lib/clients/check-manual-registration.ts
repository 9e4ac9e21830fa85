import 'server-only';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { formatDistinguishedName } from '@/lib/certificates/format-distinguished-name';
import { matchCertificateSubject } from '@/lib/certificates/match-certificate-subject';
import { readPublishedTransportCertificates } from '@/lib/certificates/read-published-transport-subjects';
import { findTrustedIssuer, toTransportCertificateInfo, type TransportCertificateInfo } from '@/lib/certificates/validate-transport-certificate';
import { getSql } from '@/lib/db';
import { checkRegistrationRevocations, type RegistrationRevocations } from '@/lib/registration/check-registration-revocations';
import { validateClientMetadata, type ClientMetadata, type TransportSubjects } from '@/lib/registration/validate-client-metadata';
import { allowedScopesForRoles } from '@/lib/software-statement/allowed-scopes-for-roles';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import { findRegistrationRevocations } from '@/lib/software-revocation/find-registration-revocations';
import { validateSoftwareStatement } from '@/lib/software-statement/validate-software-statement';
import { createReportBuilder, type CheckDefinition } from '@/lib/validation/create-report-builder';
import type { TrustDomain } from '@/lib/trust-domains/create-trust-domains';
import { selectTrustDomain } from '@/lib/trust-domains/select-trust-domain';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import type { ValidationReport } from '@/lib/validation/report';
import { toRequestedMetadata, type ManualRegistrationChoices } from './manual-registration-choices';

/** What the registration form shows about a checked SSA's software. */
export type SoftwareSummary = {
  softwareId: string;
  clientName: string;
  orgName: string;
  environment: string;
  roles: string[];
  redirectUris: string[];
  allowedScopes: string[];
  /** Subject DN of the software's transport certificate, to prefill `tls_client_auth_subject_dn`. */
  transportSubjectDn: string | null;
};

/** The outcome of the Check step: the full report, and what is needed to register when it passed. */
export type ManualRegistrationCheck = {
  report: ValidationReport;
  ssa: SoftwareStatementClaims | null;
  software: SoftwareSummary | null;
  metadata: ClientMetadata | null;
  /** Under the `hold` policy, the revocations the registration passed despite: it must be created pending. */
  heldFor: RegistrationRevocations | null;
  /**
   * The software's published transport certificates that belong to it and chain to the bank's CA bundle: kept with
   * the client, so that their trust is re-checked (an MCR client presents no certificate when it registers).
   */
  certificates: TransportCertificateInfo[];
};

// OB-RULES manual registration: a TPP registers only its own software…
const ORGANISATION_CHECK: CheckDefinition = {
  id: 'mcr.organisation',
  title: "software statement belongs to the signed-in user's organisation",
  claim: 'org_id',
  code: 'unapproved_software_statement',
  hint: 'Use a software statement issued to your own organisation, or sign in as a user of the organisation that owns this software.',
};
// …and only within the roles the directory gives its organisation.
const ROLES_CHECK: CheckDefinition = {
  id: 'mcr.roles',
  title: "organisation's directory roles cover the software's roles",
  claim: 'software_roles',
  code: 'unapproved_software_statement',
  hint: "Ask the directory to grant your organisation the missing role, or use software whose roles your organisation holds.",
};

/**
 * The Check step of manual registration: validates the SSA, that it belongs to the actor's
 * organisation and is not revoked by the bank, and (when given) the TPP's choices — every check, in order, in one report.
 */
export async function checkManualRegistration(
  actor: TppActor,
  softwareStatement: string,
  choices: ManualRegistrationChoices | null,
  context: ValidationContext,
): Promise<ManualRegistrationCheck> {
  // Checked in the trust domain whose key verifies the software statement (OB-RULES *Trust over time*, environments).
  const domain = await selectTrustDomain(softwareStatement, context.domains);
  const ssaResult = await validateSoftwareStatement(softwareStatement, {
    now: context.now(),
    resolveKey: domain.resolveSsaKey,
    trust: { issuers: domain.ssaIssuers, environments: [domain.environment] },
    policy: context.ssaPolicy,
  });
  const builder = createReportBuilder();
  builder.include(ssaResult.report);
  const ssa = ssaResult.claims;

  const { organisation } = actor;
  const isOwnSoftware = await builder.check(
    ORGANISATION_CHECK,
    () => ssa?.org_id === organisation.directoryOrgId || `software statement "org_id" is not the organisation you signed in for (${organisation.name})`,
    ssa !== null,
  );
  const hasRoles = await builder.check(
    ROLES_CHECK,
    () => {
      const missing = (ssa?.software_roles ?? []).filter((role) => !organisation.roles.includes(role));
      return missing.length === 0 || `"software_roles" includes ${missing.join(', ')}, which the directory does not give your organisation`;
    },
    ssa !== null,
  );

  // Issue 15: as over DCR; only for the organisation's own software, so no other learns of the revocation.
  const heldFor = await checkRegistrationRevocations(
    builder,
    ssa,
    { findRevocations: (subject) => findRegistrationRevocations(getSql(), subject), revokedSoftwarePolicy: context.revokedSoftwareRegistrations },
    isOwnSoftware,
  );

  const acceptedSsa = isOwnSoftware && hasRoles ? ssa : null;
  const transport = acceptedSsa ? await readTransportSubjects(acceptedSsa, domain) : null;
  let metadata: ClientMetadata | null = null;
  if (acceptedSsa && transport && choices) {
    const metadataResult = await validateClientMetadata(toRequestedMetadata(choices), acceptedSsa, context.manualRegistrationPolicy, transport);
    builder.include(metadataResult.report);
    metadata = metadataResult.metadata;
  }

  const report = builder.build();
  return {
    report,
    ssa: report.ok ? acceptedSsa : null,
    software: acceptedSsa && transport ? summarise(acceptedSsa, transport) : null,
    metadata: report.ok ? metadata : null,
    heldFor: report.ok ? heldFor : null,
    certificates: report.ok && acceptedSsa && transport ? transport.certificates : [],
  };
}

// MCR has no presented certificate: the software's transport certificates are those its JWKS publishes (use: tls).
async function readTransportSubjects(ssa: SoftwareStatementClaims, domain: TrustDomain): Promise<TransportSubjects & { certificates: TransportCertificateInfo[] }> {
  let published;
  try {
    published = readPublishedTransportCertificates(await domain.fetchJwks(ssa.software_jwks_endpoint));
  } catch {
    return { subjects: [], certificates: [], missing: "the software statement's JWKS could not be read to find the software's transport certificate" };
  }
  const caCertificates = await domain.readCaCertificates();
  const trusted = await Promise.all(
    published.map(async (read) => (matchCertificateSubject(read.subject, ssa) !== null && (await findTrustedIssuer(read, caCertificates)) !== null ? [toTransportCertificateInfo(read)] : [])),
  );
  return {
    subjects: published.map((read) => read.subject),
    certificates: trusted.flat(),
    missing: 'the software statement\'s JWKS publishes no transport certificate ("use": "tls" with "x5c")',
  };
}

function summarise(ssa: SoftwareStatementClaims, transport: TransportSubjects): SoftwareSummary {
  return {
    softwareId: ssa.software_id,
    clientName: ssa.software_client_name,
    orgName: ssa.org_name,
    environment: ssa.software_environment,
    roles: ssa.software_roles,
    redirectUris: ssa.software_redirect_uris,
    allowedScopes: allowedScopesForRoles(ssa.software_roles),
    transportSubjectDn: transport.subjects[0] ? formatDistinguishedName(transport.subjects[0]) : null,
  };
}
