import type { Client } from '@/lib/db';

/** A stored client's metadata in RFC 7591 names: as a registration request carries it, and as the registration response states it. */
export function toRfc7591Metadata(client: Client): Record<string, unknown> {
  return {
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    ...(client.tokenEndpointAuthSigningAlg ? { token_endpoint_auth_signing_alg: client.tokenEndpointAuthSigningAlg } : {}),
    ...(client.tlsClientAuthSubjectDn ? { tls_client_auth_subject_dn: client.tlsClientAuthSubjectDn } : {}),
    grant_types: client.grantTypes,
    response_types: client.responseTypes,
    scope: client.scopes.join(' '),
    ...(client.idTokenSignedResponseAlg ? { id_token_signed_response_alg: client.idTokenSignedResponseAlg } : {}),
    ...(client.requestObjectSigningAlg ? { request_object_signing_alg: client.requestObjectSigningAlg } : {}),
    ...(client.applicationType ? { application_type: client.applicationType } : {}),
  };
}
