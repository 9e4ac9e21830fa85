import type { JWK } from 'jose';

import { createGuardedFetch } from './guarded-fetch';
import { createUrlGuard } from './create-url-guard';
import { JwksFetchError } from './jwks-fetch-error';
import type { JwksFetcher } from './key-resolver';
import {
  DEFAULT_JWKS_CACHE_MAX_AGE_MS,
  DEFAULT_JWKS_MAX_BYTES,
  DEFAULT_JWKS_TIMEOUT_MS,
  type JwksSourceOptions,
} from './jwks-source-defaults';

/** Options of `createJwksFetcher`; `now` (milliseconds since the epoch) is injectable for tests. */
export type JwksFetcherOptions = JwksSourceOptions & { now?: () => number };

type CachedJwks = { fetchedAt: number; jwks: { keys: JWK[] } };

// The set of URLs is open-ended (one per software): bound the cache, oldest out first.
const MAX_CACHED_DOCUMENTS = 1_000;

/**
 * Creates a `JwksFetcher`: whole JWKS documents (e.g. to find the `use: tls` key's `x5c[0]`) fetched
 * through the same guard as the key resolvers (OB-RULES SSA 8) and cached for `cacheMaxAgeMs`.
 * Concurrent requests for one URL share a fetch; failures are not cached. Callers get a copy.
 */
export function createJwksFetcher(options: JwksFetcherOptions): JwksFetcher {
  const guardUrl = createUrlGuard(options.allowedHosts);
  const guardedFetch = createGuardedFetch({
    allowedHosts: options.allowedHosts,
    timeoutMs: options.timeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_JWKS_MAX_BYTES,
    fetch: options.fetch,
  });
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? DEFAULT_JWKS_CACHE_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedJwks>();
  const pending = new Map<string, Promise<CachedJwks>>();

  const load = async (href: string): Promise<CachedJwks> => {
    const response = await guardedFetch(href, { headers: { accept: 'application/jwk-set+json, application/json' } });
    const document: unknown = await response.json();
    if (!isJwkSet(document)) {
      throw new JwksFetchError('invalid_document', 'JWKS response is not a JSON Web Key Set');
    }
    const entry = { fetchedAt: now(), jwks: document };
    cache.delete(href);
    if (cache.size >= MAX_CACHED_DOCUMENTS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(href, entry);
    return entry;
  };

  return async (jwksUri, fetchOptions = {}) => {
    const { href } = guardUrl(jwksUri);
    const cached = cache.get(href);
    if (cached && !fetchOptions.refresh && now() < cached.fetchedAt + cacheMaxAgeMs) return structuredClone(cached.jwks);
    let inFlight = pending.get(href);
    if (!inFlight) {
      inFlight = load(href).finally(() => pending.delete(href));
      pending.set(href, inFlight);
    }
    return structuredClone((await inFlight).jwks);
  };
}

function isJwkSet(value: unknown): value is { keys: JWK[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys: unknown = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key));
}
