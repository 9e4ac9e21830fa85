import type { JWTPayload } from 'jose';
import type { SoftwareStatementClaims } from './software-statement-claims';

/**
 * The typed claims of an SSA payload. Only for payloads that passed every check (or were stored after
 * passing them): the required claims are trusted to have their checked types.
 */
export function toSoftwareStatementClaims(payload: JWTPayload): SoftwareStatementClaims {
  const optional = (name: string): string | undefined => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
  const claims: SoftwareStatementClaims = {
    iss: payload.iss as string,
    iat: payload.iat as number,
    software_id: payload.software_id as string,
    software_client_name: payload.software_client_name as string,
    software_roles: [...(payload.software_roles as string[])],
    software_redirect_uris: [...(payload.software_redirect_uris as string[])],
    software_jwks_endpoint: payload.software_jwks_endpoint as string,
    org_id: payload.org_id as string,
    org_name: payload.org_name as string,
    org_status: payload.org_status as string,
    software_environment: payload.software_environment as string,
    raw: { ...payload },
  };
  for (const name of ['jti', 'software_jwks_revoked_endpoint', 'org_jwks_endpoint', 'org_jwks_revoked_endpoint'] as const) {
    const value = optional(name);
    if (value !== undefined) claims[name] = value;
  }
  return claims;
}
