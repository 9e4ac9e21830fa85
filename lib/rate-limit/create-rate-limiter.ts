/** How fast a limiter refills and how much it holds: `perMinute` requests a minute, at most `burst` at once. */
export type RateLimitSettings = { perMinute: number; burst: number };

/** Options of `createRateLimiter`; `now` (milliseconds since the epoch) is injectable for tests. */
export type RateLimiterOptions = RateLimitSettings & {
  /** The most keys tracked at once; past it the least recently seen key is forgotten. */
  maxKeys: number;
  now?: () => number;
};

/** The verdict on one request: allowed (a token taken from every key's bucket), or refused with the wait and the key that ran dry. */
export type RateLimitDecision = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number; limitedKey: string };

/** A token bucket per key, in one process's memory. */
export type RateLimiter = {
  /** Takes one token from the bucket of every key, or none when any of them is empty. */
  take(keys: string[]): RateLimitDecision;
  /** How many keys are tracked now (buckets that refilled completely are forgotten). */
  size(): number;
};

// Integer arithmetic, so that Retry-After is exact: a request costs one minute's worth of "token-milliseconds",
// and a bucket regains `perMinute` of them every millisecond.
const REQUEST_COST = 60_000;

type Bucket = { level: number; updatedAt: number };

/**
 * Creates a token-bucket rate limiter keyed by strings (a certificate thumbprint, a client address). Buckets start
 * full with `burst` requests and refill at `perMinute`. Memory is bounded: a bucket that has refilled completely is
 * the same as no bucket and is dropped, and past `maxKeys` the least recently seen key is forgotten, so a client
 * rotating addresses costs at most `maxKeys` entries (and only ever resets buckets to full, never empties one).
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perMinute, burst, maxKeys } = options;
  if (!Number.isInteger(perMinute) || perMinute <= 0) throw new TypeError('"perMinute" must be a positive integer');
  if (!Number.isInteger(burst) || burst <= 0) throw new TypeError('"burst" must be a positive integer');
  if (!Number.isInteger(maxKeys) || maxKeys <= 0) throw new TypeError('"maxKeys" must be a positive integer');
  const now = options.now ?? Date.now;
  const capacity = burst * REQUEST_COST;
  // From empty to full: any bucket untouched for this long is full again.
  const refillMs = Math.ceil(capacity / perMinute);
  // Insertion order is last-seen order (every take re-inserts), so idle buckets are at the front.
  const buckets = new Map<string, Bucket>();

  const dropIdle = (at: number) => {
    for (const [key, bucket] of buckets) {
      if (at - bucket.updatedAt < refillMs) break;
      buckets.delete(key);
    }
  };

  return {
    take(keys) {
      const at = now();
      dropIdle(at);
      const levels = keys.map((key) => {
        const bucket = buckets.get(key);
        return bucket ? Math.min(capacity, bucket.level + Math.max(0, at - bucket.updatedAt) * perMinute) : capacity;
      });
      let refusal: { waitMs: number; key: string } | null = null;
      for (const [index, level] of levels.entries()) {
        const waitMs = level >= REQUEST_COST ? 0 : Math.ceil((REQUEST_COST - level) / perMinute);
        if (waitMs > (refusal?.waitMs ?? 0)) refusal = { waitMs, key: keys[index] as string };
      }
      const cost = refusal === null ? REQUEST_COST : 0;
      keys.forEach((key, index) => {
        buckets.delete(key);
        // A refused request leaves the level as it was (refilled to now) but still counts as seen.
        buckets.set(key, { level: (levels[index] as number) - cost, updatedAt: at });
      });
      while (buckets.size > maxKeys) {
        const oldest = buckets.keys().next();
        if (oldest.done) break;
        buckets.delete(oldest.value);
      }
      if (refusal === null) return { isAllowed: true };
      const { waitMs, key } = refusal;
      return { isAllowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000), limitedKey: key };
    },
    size: () => buckets.size,
  };
}
