import { createRemoteJWKSet, customFetch } from 'jose';

import { createGuardedFetch } from './guarded-fetch';
import { createUrlGuard } from './create-url-guard';
import type { JwksResolverFactory, KeyResolver } from './key-resolver';
import {
  DEFAULT_JWKS_CACHE_MAX_AGE_MS,
  DEFAULT_JWKS_COOLDOWN_MS,
  DEFAULT_JWKS_MAX_BYTES,
  DEFAULT_JWKS_TIMEOUT_MS,
  type JwksSourceOptions,
} from './jwks-source-defaults';

/** Options of `createJwksResolverFactory`; `cooldownMs` bounds refetches triggered by unknown `kid`s. */
export type JwksResolverFactoryOptions = JwksSourceOptions & { cooldownMs?: number };

// SSAs name their software's JWKS, so the set of URLs is open-ended: bound the memo (oldest out first).
const MAX_REMOTE_SETS = 1_000;
// jose also arms its own timer; ours must fire first so a timeout is always our `JwksFetchError`.
const JOSE_TIMEOUT_SLACK_MS = 1_000;

/**
 * Creates the production `JwksResolverFactory`: one jose remote JWKS set per URL (memoised), so jose
 * does the caching (`cacheMaxAgeMs`) and the "unknown kid → one refetch, then fail" rule of
 * OB-RULES SSA 2 (respecting `cooldownMs`), while every request goes through the guarded fetch
 * (allow-list, no redirects, timeout, size cap: OB-RULES SSA 8). A URL the guard refuses yields a
 * resolver that rejects with that `JwksFetchError` and never makes a request.
 */
export function createJwksResolverFactory(options: JwksResolverFactoryOptions): JwksResolverFactory {
  const timeoutMs = options.timeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS;
  const guardUrl = createUrlGuard(options.allowedHosts);
  const guardedFetch = createGuardedFetch({
    allowedHosts: options.allowedHosts,
    timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULT_JWKS_MAX_BYTES,
    fetch: options.fetch,
  });
  const remoteOptions = {
    timeoutDuration: timeoutMs + JOSE_TIMEOUT_SLACK_MS,
    cacheMaxAge: options.cacheMaxAgeMs ?? DEFAULT_JWKS_CACHE_MAX_AGE_MS,
    cooldownDuration: options.cooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS,
    [customFetch]: guardedFetch,
  };
  const resolvers = new Map<string, KeyResolver>();

  return (jwksUri) => {
    let url: URL;
    try {
      url = guardUrl(jwksUri);
    } catch (error) {
      return async () => {
        throw error;
      };
    }
    const known = resolvers.get(url.href);
    if (known) return known;
    const remote = createRemoteJWKSet(url, remoteOptions);
    const resolver: KeyResolver = (protectedHeader, token) => remote(protectedHeader, token);
    if (resolvers.size >= MAX_REMOTE_SETS) {
      const oldest = resolvers.keys().next();
      if (!oldest.done) resolvers.delete(oldest.value);
    }
    resolvers.set(url.href, resolver);
    return resolver;
  };
}
