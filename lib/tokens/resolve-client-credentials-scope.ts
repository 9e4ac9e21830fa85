/** The scope a client-credentials token is granted, or the RFC 6749 §5.2 error that refuses the request. */
export type ResolveClientCredentialsScopeResult =
  | { status: 'granted'; scope: string }
  | { status: 'refused'; code: 'unauthorized_client' | 'invalid_scope'; description: string };

/**
 * Decides the scope of a client-credentials token (RFC 6749 §4.4.2, §3.3): the client must be registered
 * for the `client_credentials` grant; a requested scope must be a subset of the client's registered
 * scopes; without one (or an empty one) the token gets the registered scopes minus `openid`, which
 * belongs to end-user authentication and means nothing to a client-credentials token.
 */
export function resolveClientCredentialsScope(
  client: { scopes: string[]; grantTypes: string[] },
  requestedScope: string | null,
): ResolveClientCredentialsScopeResult {
  // RFC 6749 §5.2: a client not registered for the grant type.
  if (!client.grantTypes.includes('client_credentials')) {
    return { status: 'refused', code: 'unauthorized_client', description: 'client is not registered for the client_credentials grant' };
  }
  // RFC 6749 §3.3: space-delimited; a repeated value is granted once.
  const requested = [...new Set((requestedScope ?? '').split(' ').filter((value) => value !== ''))];
  if (requested.length === 0) return { status: 'granted', scope: client.scopes.filter((scope) => scope !== 'openid').join(' ') };
  if (!requested.every((scope) => client.scopes.includes(scope))) {
    return { status: 'refused', code: 'invalid_scope', description: '"scope" must be a subset of the scopes the client is registered for' };
  }
  return { status: 'granted', scope: requested.join(' ') };
}
