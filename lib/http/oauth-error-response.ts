import { toWebResponse, type ApiAnswer } from './api-answer';
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from './oauth-error';

/** Headers every API answer carries: nothing in it may be cached (RFC 6749 §5.1, OB DCR). */
export const NO_STORE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * The one serializer of API errors: `{ error, error_description }` with the status from the table.
 * Descriptions come from report entries or fixed strings, never from exceptions, tokens, keys or secrets.
 */
export function oauthErrorAnswer(code: OAuthErrorCode, description: string, headers: Record<string, string> = {}): ApiAnswer {
  // As `jsonAnswer` builds it, in one object: refusals are the API host's cheapest and most frequent answers.
  const answerHeaders: Record<string, string> = { 'content-type': 'application/json', ...NO_STORE_HEADERS };
  if (code === 'invalid_token') answerHeaders['www-authenticate'] = `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`;
  Object.assign(answerHeaders, headers);
  return { status: OAUTH_ERROR_STATUS[code], headers: answerHeaders, body: JSON.stringify({ error: code, error_description: description }) };
}

/** `oauthErrorAnswer` as a web `Response`, for the portal's Next.js route handlers. */
export function oauthErrorResponse(code: OAuthErrorCode, description: string, headers: Record<string, string> = {}): Response {
  return toWebResponse(oauthErrorAnswer(code, description, headers));
}
