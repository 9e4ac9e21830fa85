import type { RegistrationErrorCode } from '@/lib/validation/report';

// Typed by the validation core's code union, so a new registration code cannot be left out.
const REGISTRATION_ERROR_STATUS: Record<RegistrationErrorCode, 400> = {
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  invalid_software_statement: 400,
  unapproved_software_statement: 400,
};

/**
 * Every error code the API answers with, and its HTTP status — the one table (RFC 6749 §5.2,
 * RFC 6750 §3.1, RFC 7591 §3.2.2, RFC 7592):
 * - the four RFC 7591 registration codes: the registration request or its SSA is refused (400);
 * - `invalid_request`: a request the endpoint cannot read (wrong content type, missing parameter) (400);
 * - `invalid_client`: client authentication failed, or the client is not active (401);
 * - `unsupported_grant_type`, `invalid_scope`: the token request asks for what it can't have (400);
 * - `unauthorized_client`: the client is not registered for the grant it asks for (400);
 * - `invalid_token`: a missing, expired, revoked or unbound access token, or an unknown client id on `/register/{id}` (401);
 * - `access_denied`: a valid token used for another client's registration (403);
 * - `untrusted_proxy`: the request did not come through the bank's TLS terminator (403);
 * - `payload_too_large`: a body over the endpoint's cap (413);
 * - `too_many_requests`: the client certificate or address is over the endpoint's rate limit; sent with `Retry-After` (429);
 * - `server_error`: an unexpected fault, answered without detail (500);
 * - `temporarily_unavailable`: a dependency (database, directory) is down (503).
 */
export const OAUTH_ERROR_STATUS = {
  ...REGISTRATION_ERROR_STATUS,
  invalid_request: 400,
  invalid_client: 401,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_token: 401,
  access_denied: 403,
  untrusted_proxy: 403,
  payload_too_large: 413,
  too_many_requests: 429,
  server_error: 500,
  temporarily_unavailable: 503,
} as const;

/** An error code of the API. */
export type OAuthErrorCode = keyof typeof OAUTH_ERROR_STATUS;
