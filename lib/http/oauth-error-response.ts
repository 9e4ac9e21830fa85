import { jsonAnswer, toWebResponse, type ApiAnswer } from './api-answer';
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from './oauth-error';

/** Headers every API answer carries: nothing in it may be cached (RFC 6749 §5.1, OB DCR). */
export const NO_STORE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * The one serializer of API errors: `{ error, error_description }` with the status from the table.
 * Descriptions come from report entries or fixed strings, never from exceptions, tokens, keys or secrets.
 */
export function oauthErrorAnswer(code: OAuthErrorCode, description: string, headers: Record<string, string> = {}): ApiAnswer {
  const status = OAUTH_ERROR_STATUS[code];
  const challenge: Record<string, string> =
    code === 'invalid_token' ? { 'www-authenticate': `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"` } : {};
  return jsonAnswer(status, { error: code, error_description: description }, { ...NO_STORE_HEADERS, ...challenge, ...headers });
}

/** `oauthErrorAnswer` as a web `Response`, for the portal's Next.js route handlers. */
export function oauthErrorResponse(code: OAuthErrorCode, description: string, headers: Record<string, string> = {}): Response {
  return toWebResponse(oauthErrorAnswer(code, description, headers));
}
