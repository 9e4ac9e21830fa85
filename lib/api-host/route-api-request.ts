/** The paths the API host serves with its own endpoints (the authorization server's are its own). */
export type ApiPath = '/register' | '/register/{id}';

/**
 * The request target as a URL with dot segments resolved (`%2e`, backslashes too, as nginx does), or null for
 * anything but origin-form (`/register?x`): absolute-form and `*` are for forward proxies, which this is not.
 */
export function normaliseTarget(target: string): URL | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  return URL.parse(target, 'https://api.invalid');
}

/** A request target matched to its path, with the client id of `/register/{id}` decoded. */
export type ApiRoute = { path: ApiPath; params: Record<string, string> };

/** Matches a normalised request target to one of the API's own paths, or null for anything else. */
export function routeApiRequest(url: URL): ApiRoute | null {
  const { pathname } = url;
  if (pathname === '/register') return { path: pathname, params: {} };
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
