import type { Policy } from '@/lib/generated/prisma/client';
import type { RegistrationPolicy } from '@/lib/registration/validate-client-metadata';
import type { ValidationContext } from '@/lib/validation/get-validation-context';

/** The policy fields that shape validation of a registration. */
export type ValidationPolicy = Pick<Policy, 'maxSsaAgeSeconds' | 'maxRegistrationJwtLifetimeSeconds' | 'tokenEndpointAuthMethods' | 'revokedSoftwareRegistrations'>;

/**
 * The validation context with the bank's registration policy laid over it: the SSA maximum age (OB-RULES
 * SSA 4 *policy*), the registration JWT's lifetime cap, the allowed token endpoint auth methods, and what becomes of registrations of revoked software. The policy only narrows what the
 * configuration allows, so DCR still offers `client_secret_basic` only with `DCR_ALLOW_CLIENT_SECRET_BASIC`.
 */
export function withRegistrationPolicy<Context extends ValidationContext>(context: Context, policy: ValidationPolicy): Context {
  const narrow = (configured: RegistrationPolicy): RegistrationPolicy => ({
    tokenEndpointAuthMethods: configured.tokenEndpointAuthMethods.filter((method) => policy.tokenEndpointAuthMethods.includes(method)),
  });
  return {
    ...context,
    // The policy's null means no limit.
    ssaPolicy: { ...context.ssaPolicy, maxAgeSeconds: policy.maxSsaAgeSeconds ?? undefined },
    registrationRequestPolicy: { maxLifetimeSeconds: policy.maxRegistrationJwtLifetimeSeconds },
    manualRegistrationPolicy: narrow(context.manualRegistrationPolicy),
    dynamicRegistrationPolicy: narrow(context.dynamicRegistrationPolicy),
    revokedSoftwareRegistrations: policy.revokedSoftwareRegistrations,
  };
}
