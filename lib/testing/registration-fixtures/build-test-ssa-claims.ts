import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';

/**
 * The fixture SSA (`buildSoftwareStatementClaims`: software `TestSoftware0001` of org
 * `0015800001TESTORG`, AISP+PISP) as the validated claims `validateSoftwareStatement` returns,
 * with `overrides` applied to the typed claims.
 */
export function buildTestSsaClaims(overrides: Partial<SoftwareStatementClaims> = {}): SoftwareStatementClaims {
  const raw = buildSoftwareStatementClaims();
  const text = (name: string): string => raw[name] as string;
  return {
    iss: text('iss'),
    iat: raw.iat as number,
    jti: text('jti'),
    software_id: text('software_id'),
    software_client_name: text('software_client_name'),
    software_roles: [...(raw.software_roles as string[])],
    software_redirect_uris: [...(raw.software_redirect_uris as string[])],
    software_jwks_endpoint: text('software_jwks_endpoint'),
    software_jwks_revoked_endpoint: text('software_jwks_revoked_endpoint'),
    org_id: text('org_id'),
    org_name: text('org_name'),
    org_status: text('org_status'),
    org_jwks_endpoint: text('org_jwks_endpoint'),
    org_jwks_revoked_endpoint: text('org_jwks_revoked_endpoint'),
    software_environment: text('software_environment'),
    raw,
    ...overrides,
  };
}
