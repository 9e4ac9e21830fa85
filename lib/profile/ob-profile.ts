/**
 * What the bank accepts, defined once (STYLE: one profile): the validators, the authorization server's configuration,
 * discovery, the API page and `/openapi.json` read these lists, and nothing else in lib/ writes them out
 * (`ob-profile.test.ts` fails on a copy). The Prisma schema's `Policy.tokenEndpointAuthMethods` default is the one
 * place that cannot import them; the same test holds it equal to `TOKEN_ENDPOINT_AUTH_METHODS`.
 */

/**
 * The JWS algorithms the bank accepts wherever a TPP or the bank signs (OB-RULES: PS256, or ES256; never none, HS* or
 * RS256): SSAs, registration JWTs, client assertions, ID tokens and request objects. The first is the default.
 */
export const OB_SIGNING_ALGORITHMS = ['PS256', 'ES256'] as const;

/** The algorithm of the bank's own signing keys (access tokens, JWT introspection responses; published at `/jwks`). */
export const BANK_SIGNING_ALG = 'PS256';

/**
 * How a client authenticates at the token endpoint (OB-RULES registration 5, token endpoint), in the order the
 * policy stores and the pages show them. `client_secret_basic` is for manual registrations, and for dynamic ones only
 * when the bank enables it (`DCR_ALLOW_CLIENT_SECRET_BASIC`).
 */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'] as const;

/** A client authentication method of the token endpoint. */
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** The methods needing no shared secret: what dynamic registration allows unless the bank enables `client_secret_basic`. */
export const CERTIFICATE_OR_KEY_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => method !== 'client_secret_basic');

/** RFC 7523 §2.2: the only `client_assertion_type` the token endpoint knows. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The grant the token endpoint serves (OB-RULES token endpoint); discovery advertises it alone. */
export const TOKEN_GRANT_TYPE = 'client_credentials';

/**
 * The grant types a client may register, also the default (OB-RULES registration 6): kept on the client for the
 * bank's other OAuth flows, though the token endpoint serves only `TOKEN_GRANT_TYPE`.
 */
export const REGISTRABLE_GRANT_TYPES: readonly string[] = ['authorization_code', TOKEN_GRANT_TYPE, 'refresh_token'];

/** The response types a client may register (OB-RULES registration 6), each as a sorted set of values. */
export const REGISTRABLE_RESPONSE_TYPES: readonly string[] = ['code', 'code id_token'];

/** The response types of a client that does not say (OB-RULES registration 6). */
export const DEFAULT_RESPONSE_TYPES: readonly string[] = ['code id_token'];

/** Directory roles the bank knows, and the scope each allows (OB-RULES: `openid` is always allowed). */
export const ROLE_SCOPES = { AISP: 'accounts', PISP: 'payments', CBPII: 'fundsconfirmations' } as const;

/** A directory role the bank knows. */
export type SoftwareRole = keyof typeof ROLE_SCOPES;

/** The scope every client may hold, whatever its roles. */
export const ALWAYS_ALLOWED_SCOPE = 'openid';

/** Every scope a client may hold, in the order discovery lists them (OB-RULES discovery: openid accounts payments fundsconfirmations). */
export const SERVED_SCOPES: readonly string[] = [ALWAYS_ALLOWED_SCOPE, ...Object.values(ROLE_SCOPES)];

/** The media types of a registration request's body: a signed JWT (OB DCR 3.3). */
export const REGISTRATION_MEDIA_TYPES = ['application/jwt', 'application/jose'] as const;
