import 'server-only';
import { getSql } from '@/lib/db';
import { claimReplayKey } from '@/lib/replay/claim-replay-key';
import { validateRegistrationRequest } from '@/lib/registration/validate-registration-request';
import { findRegistrationRevocations } from '@/lib/software-revocation/find-registration-revocations';
import { selectTrustDomain, softwareStatementOf } from '@/lib/trust-domains/select-trust-domain';
import type { ValidationContext } from '@/lib/validation/get-validation-context';

/** A DCR request as the route handler read it: body, content type, and the certificate the TLS terminator verified. */
export type DynamicRegistrationRequest = { body: string; contentType: string | null; certificatePem: string | null };

/** Runs every check of a DCR registration request (`POST /register`, `PUT /register/{id}`) with the bank's configuration. */
export async function checkDynamicRegistration(request: DynamicRegistrationRequest, context: ValidationContext) {
  // Checked in the trust domain whose key verifies the software statement (OB-RULES *Trust over time*, environments).
  const domain = await selectTrustDomain(softwareStatementOf(request.body), context.domains);
  return validateRegistrationRequest(request.body, {
    now: context.now(),
    contentType: request.contentType,
    resolveSsaKey: domain.resolveSsaKey,
    resolverFor: domain.resolverFor,
    fetchJwks: domain.fetchJwks,
    fetchRevokedKeys: domain.fetchRevokedKeys,
    trust: { issuers: domain.ssaIssuers, environments: [domain.environment] },
    ssaPolicy: context.ssaPolicy,
    registrationPolicy: context.dynamicRegistrationPolicy,
    requestPolicy: context.registrationRequestPolicy,
    audiences: context.audiences,
    // OB DCR: a registration JWT's jti is never accepted twice (atomic in the database). The JWT is accepted
    // until exp + the clock tolerance, so the claim must outlive exp by as much, or a late replay would win.
    claimJti: (key, exp) => claimReplayKey(`registration:${key}`, new Date(exp.getTime() + context.ssaPolicy.clockToleranceSeconds * 1000)),
    // Issue 15: the bank's revocations of software and organisations, and its policy for registrations of them.
    revocations: { findRevocations: (subject) => findRegistrationRevocations(getSql(), subject), revokedSoftwarePolicy: context.revokedSoftwareRegistrations },
    transportCertificate: {
      pem: request.certificatePem,
      caCertificates: await domain.readCaCertificates(),
      requireInSoftwareJwks: context.requireTransportCertInSoftwareJwks,
      checkStatus: domain.checkCertificateStatus,
      statusSoftFailEnvironments: domain.isStatusSoftFail ? [domain.environment] : [],
    },
  });
}
