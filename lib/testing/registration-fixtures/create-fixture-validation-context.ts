import type { ValidateRegistrationRequestDeps } from '@/lib/registration/validate-registration-request';
import type { ValidationContext } from '@/lib/validation/get-validation-context';

/**
 * The validation context `registerDynamicClient` takes, over a registration fixture's `deps()`: its frozen
 * clock, local key sources, trust, policy (for both registration kinds) and CA certificates; `overrides` win.
 */
export function createFixtureValidationContext(deps: ValidateRegistrationRequestDeps, overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    now: () => deps.now,
    resolveSsaKey: deps.resolveSsaKey,
    resolverFor: deps.resolverFor,
    fetchJwks: deps.fetchJwks,
    fetchRevokedKeys: deps.fetchRevokedKeys,
    trust: deps.trust,
    ssaPolicy: deps.ssaPolicy,
    manualRegistrationPolicy: deps.registrationPolicy,
    dynamicRegistrationPolicy: deps.registrationPolicy,
    revokedSoftwareRegistrations: deps.revocations.revokedSoftwarePolicy,
    registrationRequestPolicy: deps.requestPolicy,
    audiences: deps.audiences,
    readCaCertificates: async () => deps.transportCertificate.caCertificates,
    requireTransportCertInSoftwareJwks: deps.transportCertificate.requireInSoftwareJwks,
    checkCertificateStatus: deps.transportCertificate.checkStatus,
    certificateStatusSoftFail: deps.transportCertificate.statusSoftFailEnvironments,
    ...overrides,
  };
}
