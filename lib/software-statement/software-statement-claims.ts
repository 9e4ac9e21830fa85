/**
 * The claims of a validated software statement (OB Directory SSA). The required ones are typed;
 * everything else the directory sent is kept, untouched, in `raw`.
 */
export type SoftwareStatementClaims = {
  iss: string;
  /** Seconds since the epoch. */
  iat: number;
  jti?: string;
  software_id: string;
  software_client_name: string;
  software_roles: string[];
  software_redirect_uris: string[];
  software_jwks_endpoint: string;
  software_jwks_revoked_endpoint?: string;
  org_id: string;
  org_name: string;
  org_status: string;
  org_jwks_endpoint?: string;
  org_jwks_revoked_endpoint?: string;
  software_environment: string;
  /** Every claim of the SSA payload, as received. */
  raw: Record<string, unknown>;
};
