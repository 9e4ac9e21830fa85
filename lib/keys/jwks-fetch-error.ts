/**
 * Why a JWKS could not be fetched:
 * - `url_refused`: not an absolute http(s) URL, carries credentials, or its host is not allow-listed
 *   (OB-RULES SSA 8); no request was made.
 * - `address_refused`: an allow-listed name resolved to a loopback, private, link-local or reserved address
 *   (or to none); no connection was made.
 * - `redirect`: the endpoint answered 3xx; redirects are never followed (they could lead off the allow-list).
 * - `http_status`: an answer other than 200.
 * - `timeout`: no complete answer within the time limit.
 * - `too_large`: the body exceeds the size cap.
 * - `invalid_document`: the body is not JSON, or not a JSON Web Key Set.
 * - `network`: the connection failed.
 */
export type JwksFetchErrorReason = 'url_refused' | 'address_refused' | 'redirect' | 'http_status' | 'timeout' | 'too_large' | 'invalid_document' | 'network';

/**
 * A JWKS fetch refused or failed. The message is safe to show: it never echoes the response body;
 * the underlying fault, if any, is in `cause` for server logs.
 */
export class JwksFetchError extends Error {
  readonly reason: JwksFetchErrorReason;

  constructor(reason: JwksFetchErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JwksFetchError';
    this.reason = reason;
  }
}
