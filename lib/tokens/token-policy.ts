import { OB_SIGNING_ALGORITHMS } from '@/lib/profile/signing-algorithms';
/** The client authentication methods the token endpoint accepts (OB-RULES token endpoint). */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'] as const;

/** A client authentication method of the token endpoint. */
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** Algorithms a `private_key_jwt` client assertion may be signed with (OB-RULES: PS256, or ES256; never none or HS*). */
export const CLIENT_ASSERTION_SIGNING_ALGS = OB_SIGNING_ALGORITHMS;

/** RFC 7523 §2.2: the only `client_assertion_type` the token endpoint knows. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The algorithm of the bank's own signing keys (signed introspection responses; published at `/jwks`). */
export const BANK_SIGNING_ALG = 'PS256';

/** Clock skew tolerated on client assertions' `exp` and `nbf`, as on SSAs. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The client assertion lifetime cap without a policy row: `Policy.maxClientAssertionLifetimeSeconds`'s default (5 minutes). */
export const DEFAULT_CLIENT_ASSERTION_MAX_LIFETIME_SECONDS = 300;

/** How long a process trusts its in-memory copy of the signing keys before reading them again. */
export const SIGNING_KEY_CACHE_TTL_MS = 30_000;

/**
 * How long past `ACCESS_TOKEN_TTL_SECONDS` a retired key stays published: it covers the signing-key cache
 * (a process may sign with a key up to `SIGNING_KEY_CACHE_TTL_MS` after another retired it) and clock skew.
 */
export const RETIRED_KEY_GRACE_SECONDS = 60;
