/**
 * The JWS algorithms the bank accepts wherever a TPP or the bank signs (OB-RULES: PS256, or ES256; never none, HS* or
 * RS256): SSAs, registration JWTs, client assertions, ID tokens and request objects. The one list the validators, the
 * authorization server and discovery read.
 */
export const OB_SIGNING_ALGORITHMS = ['PS256', 'ES256'] as const;
