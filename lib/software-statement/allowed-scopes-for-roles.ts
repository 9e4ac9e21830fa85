import { ALWAYS_ALLOWED_SCOPE, ROLE_SCOPES, type SoftwareRole } from '@/lib/profile/ob-profile';

const KNOWN_ROLES = Object.keys(ROLE_SCOPES) as SoftwareRole[];

/**
 * The scopes a software's roles allow (OB-RULES SSA 7): `openid` always, then `accounts` (AISP),
 * `payments` (PISP), `fundsconfirmations` (CBPII) in that fixed order; unknown roles add nothing.
 */
export function allowedScopesForRoles(roles: string[]): string[] {
  return [ALWAYS_ALLOWED_SCOPE, ...KNOWN_ROLES.filter((role) => roles.includes(role)).map((role) => ROLE_SCOPES[role])];
}
