import 'server-only';
import { getEnv } from '@/lib/env';
import type { ApiAnswer } from '@/lib/http/api-answer';
import { oauthErrorAnswer } from '@/lib/http/oauth-error-response';
import type { ApiConnection } from '@/lib/http/with-mtls-request';
import { createRateLimiter, type RateLimiter, type RateLimitSettings } from './create-rate-limiter';
import { readRateLimitKeys } from './read-rate-limit-keys';

/** The endpoints limited separately: `/register…` (every method) and `/token`. */
export type RateLimitedEndpoint = 'register' | 'token';

// Enough for every TPP a bank has many times over; an attacker rotating addresses fills it and no more.
const MAX_TRACKED_KEYS = 10_000;

type LimiterSlot = { settings: RateLimitSettings; limiter: RateLimiter };

// On globalThis: Next.js may bundle each route on its own, and /register and /register/{id} must share a bucket.
const globalForRateLimits = globalThis as typeof globalThis & { onboardRateLimiters?: Map<RateLimitedEndpoint, LimiterSlot> };

// The keys of a connection the API host read once per TLS socket (the same object for each of its requests).
const keysByConnection = new WeakMap<ApiConnection, string[]>();

/**
 * Applies the endpoint's rate limit (`RATE_LIMIT_*`) to a request that came over mutual TLS, per client
 * certificate and per client address (as the API host read them from the connection): null when it may proceed, else the 429 `too_many_requests` answer with
 * `Retry-After`. Called before the request is read, so a refused request costs no work and stores nothing.
 * The buckets live in this process's memory: each API host process limits on its own.
 */
export function checkRateLimit(endpoint: RateLimitedEndpoint, connection: ApiConnection): ApiAnswer | null {
  const settings = getEnv().rateLimits[endpoint];
  if (settings === null) return null;
  const limiter = getLimiter(endpoint, settings);
  let keys = keysByConnection.get(connection);
  if (keys === undefined) {
    keys = readRateLimitKeys(connection.certificatePem, connection.clientAddress);
    keysByConnection.set(connection, keys);
  }
  const decision = limiter.take(keys);
  if (decision.isAllowed) return null;
  const subject = decision.limitedKey.startsWith('cert:') ? 'this client certificate' : 'this address';
  return oauthErrorAnswer('too_many_requests', `too many requests from ${subject}; retry after ${decision.retryAfterSeconds} s`, {
    'retry-after': String(decision.retryAfterSeconds),
  });
}

function getLimiter(endpoint: RateLimitedEndpoint, settings: RateLimitSettings): RateLimiter {
  const slots = (globalForRateLimits.onboardRateLimiters ??= new Map());
  const slot = slots.get(endpoint);
  if (slot && slot.settings.perMinute === settings.perMinute && slot.settings.burst === settings.burst) return slot.limiter;
  const limiter = createRateLimiter({ ...settings, maxKeys: MAX_TRACKED_KEYS });
  slots.set(endpoint, { settings, limiter });
  return limiter;
}
