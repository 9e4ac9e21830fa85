/** The paths the API host serves with its own endpoints (the authorization server's are its own). */
export type ApiPath = '/register' | '/register/{id}';

/** A request target as the API host routes it: the normalised path, and the query (`?…`, or empty). */
export type RequestTarget = { pathname: string; search: string };

// Slash-separated segments of unreserved characters, none starting with a dot: nothing for URL parsing to change.
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;

/**
 * The request target with dot segments resolved (`%2e`, backslashes too, as nginx does), or null for anything but
 * origin-form (`/register?x`): absolute-form and `*` are for forward proxies, which this is not. A plain path (every
 * request a TPP sends) is already normal and is taken as it is; anything else goes through URL parsing.
 */
export function normaliseTarget(target: string): RequestTarget | null {
  if (PLAIN_PATH.test(target)) return { pathname: target, search: '' };
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  return URL.parse(target, 'https://api.invalid');
}

/** A request target matched to its path, with the client id of `/register/{id}` decoded. */
export type ApiRoute = { path: ApiPath; params: Record<string, string> };

/** Matches a normalised request target to one of the API's own paths, or null for anything else. */
export function routeApiRequest({ pathname }: RequestTarget): ApiRoute | null {
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
