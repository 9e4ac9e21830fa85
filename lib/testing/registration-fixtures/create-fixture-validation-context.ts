import type { ValidateRegistrationRequestDeps } from '@/lib/registration/validate-registration-request';
import type { ValidationContext } from '@/lib/validation/get-validation-context';

/**
 * The validation context `registerDynamicClient` takes, over a registration fixture's `deps()`: its frozen clock,
 * its one trust domain (local key sources, trust, CA certificates, status checker), and its policy (for both
 * registration kinds); `overrides` win.
 */
export function createFixtureValidationContext(deps: ValidateRegistrationRequestDeps, overrides: Partial<ValidationContext> = {}): ValidationContext {
  const { transportCertificate } = deps;
  return {
    now: () => deps.now,
    domains: deps.trust.environments.map((environment) => ({
      environment,
      ssaIssuers: deps.trust.issuers,
      resolveSsaKey: deps.resolveSsaKey,
      resolverFor: deps.resolverFor,
      fetchJwks: deps.fetchJwks,
      fetchRevokedKeys: deps.fetchRevokedKeys,
      readCaCertificates: async () => transportCertificate.caCertificates,
      checkCertificateStatus: transportCertificate.checkStatus,
      isStatusSoftFail: transportCertificate.statusSoftFailEnvironments.includes(environment),
    })),
    ssaPolicy: deps.ssaPolicy,
    manualRegistrationPolicy: deps.registrationPolicy,
    dynamicRegistrationPolicy: deps.registrationPolicy,
    revokedSoftwareRegistrations: deps.revocations.revokedSoftwarePolicy,
    registrationRequestPolicy: deps.requestPolicy,
    audiences: deps.audiences,
    requireTransportCertInSoftwareJwks: transportCertificate.requireInSoftwareJwks,
    ...overrides,
  };
}
