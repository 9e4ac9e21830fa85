import 'server-only';
import type { Client } from '@/lib/db';
import { readStoredSoftwareStatement } from '@/lib/clients/read-stored-software-statement';
import { OB_SIGNING_ALGORITHMS, TOKEN_GRANT_TYPE } from '@/lib/profile/ob-profile';

/** What provisioning reads of an Onboard client. */
export type ProvisionableClient = Pick<
  Client,
  | 'clientId'
  | 'status'
  | 'deletedAt'
  | 'softwareId'
  | 'tokenEndpointAuthMethod'
  | 'tokenEndpointAuthSigningAlg'
  | 'tlsClientAuthSubjectDn'
  | 'scopes'
  | 'grantTypes'
  | 'secretHash'
  | 'softwareStatementClaims'
>;

/** oidc-provider client metadata (RFC 7591 names), plus the software (and its revoked-key lists) the OB checks need. */
export type EmbeddedClientMetadata = Record<string, unknown> & { client_id: string; software_id: string; org_id: string };

/**
 * Maps an active Onboard client to the client metadata the embedded authorization server serves (OB-RULES token
 * endpoint): the client_credentials grant only (if registered for it), no response types (there is no
 * authorization endpoint), certificate-bound tokens, the software JWKS as `jwks_uri`, its registered scopes and
 * authentication method, and the revoked-key lists its software statement names. For `client_secret_basic`,
 * `client_secret` holds the stored SHA-256 hash, never the secret (the server compares hashes). Throws for a client
 * that must not be served or cannot be.
 */
export function toEmbeddedClientMetadata(client: ProvisionableClient): EmbeddedClientMetadata {
  if (client.status !== 'active' || client.deletedAt !== null) {
    throw new Error(`client ${client.clientId} is not active: only active, undeleted clients are provisioned`);
  }
  const ssa = readStoredSoftwareStatement(client.softwareStatementClaims);
  const metadata: EmbeddedClientMetadata = {
    client_id: client.clientId,
    grant_types: client.grantTypes.includes(TOKEN_GRANT_TYPE) ? [TOKEN_GRANT_TYPE] : [],
    response_types: [],
    redirect_uris: [],
    // RFC 8705 §3: every token is bound to the client's mTLS certificate (OB-RULES token endpoint).
    tls_client_certificate_bound_access_tokens: true,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    jwks_uri: ssa.software_jwks_endpoint,
    ...(client.scopes.length > 0 ? { scope: client.scopes.join(' ') } : {}),
    software_id: client.softwareId,
    org_id: ssa.org_id,
    software_environment: ssa.software_environment,
    // OB-RULES trust over time: the lists the OB checks read for every token request's certificate and assertion key.
    ...(ssa.software_jwks_revoked_endpoint ? { software_jwks_revoked_endpoint: ssa.software_jwks_revoked_endpoint } : {}),
    ...(ssa.org_jwks_revoked_endpoint ? { org_jwks_revoked_endpoint: ssa.org_jwks_revoked_endpoint } : {}),
  };
  switch (client.tokenEndpointAuthMethod) {
    case 'private_key_jwt':
      // As the token endpoint always did: PS256 when the client registered no algorithm.
      metadata.token_endpoint_auth_signing_alg = client.tokenEndpointAuthSigningAlg ?? OB_SIGNING_ALGORITHMS[0];
      break;
    case 'tls_client_auth':
      if (!client.tlsClientAuthSubjectDn) throw new Error(`client ${client.clientId} uses tls_client_auth without a subject DN`);
      metadata.tls_client_auth_subject_dn = client.tlsClientAuthSubjectDn;
      break;
    case 'client_secret_basic':
      if (!client.secretHash) throw new Error(`client ${client.clientId} uses client_secret_basic without a secret`);
      metadata.client_secret = client.secretHash;
      break;
    default:
      throw new Error(`client ${client.clientId} uses an authentication method the authorization server does not serve`);
  }
  return metadata;
}
