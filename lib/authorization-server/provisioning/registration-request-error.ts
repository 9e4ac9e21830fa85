/**
 * Why an RFC 7591/7592 request to the bank's authorization server failed:
 * - `unavailable`: no answer in time, a network failure, HTTP 5xx or 429, or an answer that is not the expected
 *   JSON (retried; the caller hears `temporarily_unavailable`);
 * - `refused`: the server refused the request (HTTP 4xx other than below; its `error` code is kept);
 * - `unauthorized`: the registration access token is not (or no longer) accepted (HTTP 401, RFC 7592 §2);
 * - `gone`: the client is not there (HTTP 404, or 401 on a delete).
 * The message is fixed text with at most a status and the server's `error` code: never a token or a body.
 */
export class RegistrationRequestError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'refused' | 'unauthorized' | 'gone',
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationRequestError';
  }
}
