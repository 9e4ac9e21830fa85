import { OB_SIGNING_ALGORITHMS } from '@/lib/profile/signing-algorithms';
import type { Env } from '@/lib/env';
import { CLIENT_ASSERTION_SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from './token-policy';

/** The bank's OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, RFC 8414, RFC 8705 §3.3, §5). */
export type DiscoveryDocument = ReturnType<typeof buildDiscoveryDocument>;

/**
 * Builds `/.well-known/openid-configuration` (OB-RULES discovery) from the configuration: the portal is the
 * issuer and publishes the keys; the token and registration endpoints live at `MTLS_URL`, and since they
 * accept only mutual TLS, their `mtls_endpoint_aliases` are the same URLs.
 */
export function buildDiscoveryDocument(env: Pick<Env, 'portalUrl' | 'mtlsUrl'>) {
  const tokenEndpoint = `${env.mtlsUrl}/token`;
  const registrationEndpoint = `${env.mtlsUrl}/register`;
  return {
    issuer: env.portalUrl,
    token_endpoint: tokenEndpoint,
    registration_endpoint: registrationEndpoint,
    jwks_uri: `${env.portalUrl}/jwks`,
    mtls_endpoint_aliases: { token_endpoint: tokenEndpoint, registration_endpoint: registrationEndpoint },
    token_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_SIGNING_ALGS],
    // OB-RULES registration 7: id_token_signed_response_alg is PS256 or ES256.
    id_token_signing_alg_values_supported: [...OB_SIGNING_ALGORITHMS],
    request_object_signing_alg_values_supported: [...OB_SIGNING_ALGORITHMS],
    response_types_supported: ['code', 'code id_token'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    scopes_supported: ['openid', 'accounts', 'payments', 'fundsconfirmations'],
    tls_client_certificate_bound_access_tokens: true,
  };
}
