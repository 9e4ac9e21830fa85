/** The frozen "now" of SSA tests: 2026-01-15T12:00:00Z. */
export const TEST_SSA_NOW = new Date('2026-01-15T12:00:00Z');

/** The `iat` of the fixture SSA: one minute before `TEST_SSA_NOW`, in seconds. */
export const TEST_SSA_IAT = Math.floor(TEST_SSA_NOW.getTime() / 1000) - 60;

/** The base URL of the fixture SSA's keystore endpoints. */
export const TEST_KEYSTORE_URL = 'https://keystore.directory.example';

/**
 * OB Directory-shaped SSA claims (as directory/software/sign-software-statement.ts issues them) for a
 * sandbox AISP+PISP software, valid at `TEST_SSA_NOW` under issuer "OpenBanking Ltd". `overrides`
 * replace claims; an override of `undefined` removes the claim.
 */
export function buildSoftwareStatementClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const orgId = '0015800001TESTORG';
  const softwareId = 'TestSoftware0001';
  const claims: Record<string, unknown> = {
    iss: 'OpenBanking Ltd',
    iat: TEST_SSA_IAT,
    jti: '4c2a7e1e-3b1f-4a55-9a59-7d8c6f0e2b11',
    software_environment: 'sandbox',
    software_mode: 'Test',
    software_id: softwareId,
    software_client_id: softwareId,
    software_client_name: 'Test App',
    software_client_description: 'Test App, by Test TPP Ltd',
    software_version: '1.0',
    software_client_uri: 'https://test-app.example',
    software_redirect_uris: ['https://test-app.example/callback'],
    software_roles: ['AISP', 'PISP'],
    organisation_competent_authority_claims: {
      authority_id: 'FCAGBR',
      registration_id: '123456',
      status: 'Active',
      authorisations: [{ member_state: 'GB', roles: ['AISP', 'PISP'] }],
    },
    software_logo_uri: 'https://test-app.example/logo.png',
    org_status: 'Active',
    org_id: orgId,
    org_name: 'Test TPP Ltd',
    org_contacts: [],
    org_jwks_endpoint: `${TEST_KEYSTORE_URL}/${orgId}/${orgId}.jwks`,
    org_jwks_revoked_endpoint: `${TEST_KEYSTORE_URL}/${orgId}/revoked/${orgId}.jwks`,
    software_jwks_endpoint: `${TEST_KEYSTORE_URL}/${orgId}/${softwareId}.jwks`,
    software_jwks_revoked_endpoint: `${TEST_KEYSTORE_URL}/${orgId}/revoked/${softwareId}.jwks`,
    software_policy_uri: 'https://test-app.example/privacy',
    software_tos_uri: 'https://test-app.example/terms',
    software_on_behalf_of_org: 'Test TPP Ltd',
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}
