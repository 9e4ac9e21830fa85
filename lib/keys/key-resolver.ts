import type { JWK, JWSHeaderParameters, FlattenedJWSInput } from 'jose';

/** Finds the verification key for a JWS header, as jose's `jwtVerify` takes it (e.g. from `createRemoteJWKSet`). */
export type KeyResolver = (protectedHeader: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

/** Produces the key resolver for a JWKS URL; implementations enforce the host allow-list, timeout, size cap and cache. */
export type JwksResolverFactory = (jwksUri: string) => KeyResolver;

/**
 * Fetches a whole JWKS document (for `x5c` lookups, e.g. the transport certificate with `use: tls`); `refresh` reads
 * it again whatever the cache holds (a caller that knows its copy predates a rotation).
 */
export type JwksFetcher = (jwksUri: string, options?: { refresh?: boolean }) => Promise<{ keys: JWK[] }>;
