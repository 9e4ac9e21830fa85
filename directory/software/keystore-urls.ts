/** The keystore endpoints an SSA names, laid out as on the OB keystore (`<org>/<id>.jwks`, `<org>/revoked/<id>.jwks`). */
export type KeystoreUrls = {
  org_jwks_endpoint: string;
  org_jwks_revoked_endpoint: string;
  software_jwks_endpoint: string;
  software_jwks_revoked_endpoint: string;
};

/** Absolute URL of the JWKS holding the directory's SSA-signing keys. */
export function directoryJwksUrl(baseUrl: string): string {
  return `${baseUrl}/keystore/openbanking.jwks`;
}

/** Absolute keystore URLs of one software statement and its organisation. */
export function keystoreUrls(baseUrl: string, orgId: string, softwareId: string): KeystoreUrls {
  const org = `${baseUrl}/keystore/${encodeURIComponent(orgId)}`;
  return {
    org_jwks_endpoint: `${org}/${encodeURIComponent(orgId)}.jwks`,
    org_jwks_revoked_endpoint: `${org}/revoked/${encodeURIComponent(orgId)}.jwks`,
    software_jwks_endpoint: `${org}/${encodeURIComponent(softwareId)}.jwks`,
    software_jwks_revoked_endpoint: `${org}/revoked/${encodeURIComponent(softwareId)}.jwks`,
  };
}
