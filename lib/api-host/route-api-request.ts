/** The paths the API host serves. */
export type ApiPath = '/register' | '/register/{id}' | '/token';

/** A request target matched to its path, with the client id of `/register/{id}` decoded. */
export type ApiRoute = { path: ApiPath; params: Record<string, string> };

/**
 * Matches a request target to one of the API's paths, or null for anything else. The path is normalised first
 * (dot segments, `%2e`, backslashes) so that `/register/../…` cannot reach another route.
 */
export function routeApiRequest(target: string): ApiRoute | null {
  // Origin-form only (`/register?x`); absolute-form and `*` are for forward proxies, which this is not.
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  const url = URL.parse(target, 'https://api.invalid');
  if (!url) return null;
  const { pathname } = url;
  if (pathname === '/token' || pathname === '/register') return { path: pathname, params: {} };
  const clientId = /^\/register\/([^/]+)$/.exec(pathname)?.[1];
  // RFC 7592's client configuration endpoint: exactly one segment, which must not decode into a path separator.
  if (clientId === undefined || /%2f|%5c/i.test(clientId)) return null;
  try {
    return { path: '/register/{id}', params: { clientId: decodeURIComponent(clientId) } };
  } catch {
    // A malformed escape (`%zz`) names no client.
    return null;
  }
}
