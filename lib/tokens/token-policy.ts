/** Clock skew tolerated on client assertions' `exp` and `nbf`, as on SSAs. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The client assertion lifetime cap without a policy row: `Policy.maxClientAssertionLifetimeSeconds`'s default (5 minutes). */
export const DEFAULT_CLIENT_ASSERTION_MAX_LIFETIME_SECONDS = 300;

/**
 * How deep a client assertion's claims may nest arrays and objects, the claims object being level 1: deeper than any
 * assertion needs, and far below the depth at which oidc-provider's copy of the claims overflows the stack.
 */
export const CLIENT_ASSERTION_MAX_NESTING = 32;

/** How long a process trusts its in-memory copy of the signing keys before reading them again. */
export const SIGNING_KEY_CACHE_TTL_MS = 30_000;

/**
 * How long past `ACCESS_TOKEN_TTL_SECONDS` a retired key stays published: it covers the signing-key cache
 * (a process may sign with a key up to `SIGNING_KEY_CACHE_TTL_MS` after another retired it) and clock skew.
 */
export const RETIRED_KEY_GRACE_SECONDS = 60;
