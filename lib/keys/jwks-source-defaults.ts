/** How long a JWKS request (headers and body) may take. */
export const DEFAULT_JWKS_TIMEOUT_MS = 5_000;

/** The largest JWKS body read; OB keystores with `x5c` chains stay well below it. */
export const DEFAULT_JWKS_MAX_BYTES = 256 * 1024;

/** How long a fetched JWKS is trusted before it is fetched again (jose's default). */
export const DEFAULT_JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/**
 * After a fetch, how long an unknown `kid` must wait before it may trigger another (OB-RULES SSA 2).
 * Short, so a rotated key is picked up almost at once, yet a stream of made-up `kid`s costs at most
 * one request per second per JWKS.
 */
export const DEFAULT_JWKS_COOLDOWN_MS = 1_000;

/** Options shared by the JWKS resolver factory and the JWKS fetcher. */
export type JwksSourceOptions = {
  /** `host` (default port only) or `host:port` entries: `DIRECTORY_JWKS_HOSTS`. */
  allowedHosts: string[];
  timeoutMs?: number;
  maxBytes?: number;
  cacheMaxAgeMs?: number;
  fetch?: typeof fetch;
};
