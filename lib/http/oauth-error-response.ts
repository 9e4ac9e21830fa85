import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from './oauth-error';

/** Headers every API answer carries: nothing in it may be cached (RFC 6749 §5.1, OB DCR). */
export const NO_STORE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * The one serializer of API errors: `{ error, error_description }` with the status from the table.
 * Descriptions come from report entries or fixed strings, never from exceptions, tokens, keys or secrets.
 */
export function oauthErrorResponse(code: OAuthErrorCode, description: string, headers: Record<string, string> = {}): Response {
  const status = OAUTH_ERROR_STATUS[code];
  const challenge: Record<string, string> =
    code === 'invalid_token' ? { 'www-authenticate': `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"` } : {};
  return Response.json({ error: code, error_description: description }, { status, headers: { ...NO_STORE_HEADERS, ...challenge, ...headers } });
}
