import { allowedScopesForRoles } from '@/lib/software-statement/allowed-scopes-for-roles';
import { ROLE_SCOPES } from '@/lib/software-statement/software-statement-claims';
import { BANK_SIGNING_ALG, CLIENT_ASSERTION_SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from '@/lib/tokens/token-policy';

// What the embedded authorization server serves, read from the one profile the validators use (STYLE: one
// profile, one composition root): the algorithms and methods from lib/tokens/token-policy.ts, the scopes from the
// directory roles. Nothing here is a literal list of its own.

/** oidc-provider's model name for clients: the rows Onboard provisions. */
export const EMBEDDED_CLIENT_KIND = 'Client';

/** Client authentication methods (OB-RULES token endpoint). */
export const EMBEDDED_CLIENT_AUTH_METHODS: readonly string[] = TOKEN_ENDPOINT_AUTH_METHODS;

/** Algorithms of `private_key_jwt` client assertions (OB-RULES token endpoint: PS256 or ES256). */
export const EMBEDDED_CLIENT_ASSERTION_ALGS: readonly string[] = CLIENT_ASSERTION_SIGNING_ALGS;

/** The algorithm of the bank's keys, which sign JWT introspection responses. */
export const EMBEDDED_SIGNING_ALG = BANK_SIGNING_ALG;

/** Every scope a client may hold (OB-RULES discovery: openid accounts payments fundsconfirmations). */
export const EMBEDDED_SCOPES: readonly string[] = allowedScopesForRoles(Object.keys(ROLE_SCOPES));

/** The one grant the authorization server serves (OB-RULES token endpoint). */
export const EMBEDDED_GRANT_TYPE = 'client_credentials';
