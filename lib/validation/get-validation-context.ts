import 'server-only';
import { getEnv } from '@/lib/env';
import { registrationAuthMethods } from '@/lib/profile/registration-auth-methods';
import { createTrustDomains, type TrustDomain } from '@/lib/trust-domains/create-trust-domains';
import type { RevokedSoftwarePolicy } from '@/lib/registration/check-registration-revocations';
import type { RegistrationPolicy } from '@/lib/registration/validate-client-metadata';
import type { RegistrationRequestPolicy } from '@/lib/registration/validate-registration-request';
import type { SoftwareStatementPolicy } from '@/lib/software-statement/validate-software-statement';

/**
 * Everything registrations need from the outside world, built once from the configuration: the clock, the bank's
 * policies, and the trust domains (`lib/trust-domains/`) whose keys, CAs and status sources a registration is checked
 * against: the one its software statement belongs to (`selectTrustDomain`).
 */
export type ValidationContext = {
  now: () => Date;
  /** One per environment the deployment serves. */
  domains: TrustDomain[];
  ssaPolicy: SoftwareStatementPolicy;
  manualRegistrationPolicy: RegistrationPolicy;
  dynamicRegistrationPolicy: RegistrationPolicy;
  /** *policy*: registrations of software (or organisations) the bank revoked are refused or held for review. */
  revokedSoftwareRegistrations: RevokedSoftwarePolicy;
  /** *policy*: the registration JWT's lifetime cap. */
  registrationRequestPolicy: RegistrationRequestPolicy;
  /** Accepted `aud` values of a registration JWT: `ASPSP_ORG_ID` and `PORTAL_URL`. */
  audiences: string[];
  /** *policy*: the transport certificate must appear (`use: tls`, `x5c[0]`) in the software JWKS. */
  requireTransportCertInSoftwareJwks: boolean;
};

const CLOCK_TOLERANCE_SECONDS = 30;

/** The registration JWT lifetime cap without a policy row: `Policy.maxRegistrationJwtLifetimeSeconds`'s default (60 minutes). */
export const DEFAULT_REGISTRATION_JWT_MAX_LIFETIME_SECONDS = 3600;

const globalForValidation = globalThis as typeof globalThis & { onboardValidationContext?: ValidationContext };

/** The process's validation context; JWKS caches live as long as it does. */
export function getValidationContext(): ValidationContext {
  globalForValidation.onboardValidationContext ??= buildValidationContext();
  return globalForValidation.onboardValidationContext;
}

function buildValidationContext(): ValidationContext {
  const env = getEnv();
  return {
    now: () => new Date(),
    domains: createTrustDomains(env.trustDomains, {
      revocationCacheMaxAgeSeconds: env.revocationCacheMaxAgeSeconds,
      certificateStatusMaxAgeSeconds: env.certificateStatus.maxAgeSeconds,
      statusSoftFailEnvironments: env.certificateStatus.softFailEnvironments,
    }),
    // What the configuration allows; registrations narrow it with the bank's policy (lib/policy/get-registration-context.ts).
    ssaPolicy: { clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS },
    // OB-RULES token endpoint: client_secret_basic only for manually registered clients that chose it (and for DCR if
    // the bank enables it), and only with the embedded authorization server.
    manualRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(env).manual },
    dynamicRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(env).dynamic },
    // The policy's default; registrations read the bank's current choice (withRegistrationPolicy).
    revokedSoftwareRegistrations: 'refuse',
    // The schema's default for the policy, which registrations lay over it (with-registration-policy.ts).
    registrationRequestPolicy: { maxLifetimeSeconds: DEFAULT_REGISTRATION_JWT_MAX_LIFETIME_SECONDS },
    audiences: [env.aspspOrgId, env.portalUrl],
    requireTransportCertInSoftwareJwks: env.requireTransportCertInSoftwareJwks,
  };
}
