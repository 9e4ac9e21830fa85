import { z } from 'zod';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '@/lib/profile/ob-profile';

/** The statuses a new client may start in: `pending` (the bank reviews it first) or `active`. */
export const INITIAL_STATUSES = ['pending', 'active'] as const;

/** Bounds of the SSA maximum age (OB-RULES SSA 4 *policy*): one minute to one year, in seconds. */
export const MAX_SSA_AGE_BOUNDS = { min: 60, max: 31_536_000 } as const;

/** What becomes of a registration of software (or an organisation) the bank revoked: refused, or held pending for review. */
export const REVOKED_SOFTWARE_POLICIES = ['refuse', 'hold'] as const;

/** Bounds of the registration JWT lifetime cap (issue 15 *policy*): one minute to one day, in seconds. */
export const MAX_REGISTRATION_JWT_LIFETIME_BOUNDS = { min: 60, max: 86_400 } as const;

/** Bounds of the client assertion lifetime cap (issue 15 *policy*): one minute to one hour, in seconds. */
export const MAX_CLIENT_ASSERTION_LIFETIME_BOUNDS = { min: 60, max: 3_600 } as const;

const initialStatusSchema = z.enum(INITIAL_STATUSES, { message: 'must be pending or active' });

/** An admin's edit of the registration policy: every field, validated (OB-RULES *policy* items). */
export const policyInputSchema = z.object({
  mcrSandboxStatus: initialStatusSchema,
  mcrProductionStatus: initialStatusSchema,
  dcrSandboxStatus: initialStatusSchema,
  dcrProductionStatus: initialStatusSchema,
  maxSsaAgeSeconds: z
    .number({ message: 'must be a whole number of seconds' })
    .int({ message: 'must be a whole number of seconds' })
    .min(MAX_SSA_AGE_BOUNDS.min, { message: `must be at least ${MAX_SSA_AGE_BOUNDS.min} seconds` })
    .max(MAX_SSA_AGE_BOUNDS.max, { message: `must be at most ${MAX_SSA_AGE_BOUNDS.max} seconds (one year)` })
    .nullable(),
  maxRegistrationJwtLifetimeSeconds: lifetimeSchema(MAX_REGISTRATION_JWT_LIFETIME_BOUNDS, 'one day'),
  maxClientAssertionLifetimeSeconds: lifetimeSchema(MAX_CLIENT_ASSERTION_LIFETIME_BOUNDS, 'one hour'),
  tokenEndpointAuthMethods: z
    .array(z.enum(TOKEN_ENDPOINT_AUTH_METHODS, { message: `must be among ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}` }))
    .min(1, { message: 'allow at least one method' })
    // Stored in the fixed order of TOKEN_ENDPOINT_AUTH_METHODS, once each, whatever order the form sent.
    .transform((methods) => TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => methods.includes(method))),
  // Issue 15; an edit that leaves it out (an older form) gets the default, refuse.
  revokedSoftwareRegistrations: z.enum(REVOKED_SOFTWARE_POLICIES, { message: 'must be refuse or hold' }).default('refuse'),
});

function lifetimeSchema(bounds: { min: number; max: number }, maxInWords: string) {
  return z
    .number({ message: 'must be a whole number of seconds' })
    .int({ message: 'must be a whole number of seconds' })
    .min(bounds.min, { message: `must be at least ${bounds.min} seconds` })
    .max(bounds.max, { message: `must be at most ${bounds.max} seconds (${maxInWords})` });
}

/** A validated registration policy edit. */
export type PolicyInput = z.output<typeof policyInputSchema>;
