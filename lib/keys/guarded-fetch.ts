import { createGuardedRequest, type GuardedRequestOptions } from './guarded-request';
import { JwksFetchError } from './jwks-fetch-error';

/** Limits of a guarded JWKS fetch (see `GuardedRequestOptions`; the label is always `JWKS`). */
export type GuardedFetchOptions = Omit<GuardedRequestOptions, 'label' | 'allowsPlainHttp'>;

/** What a caller may add to the request; the method is always GET and redirects are never followed. */
export type GuardedFetchInit = { headers?: HeadersInit; signal?: AbortSignal };

/**
 * Fetches a JWKS URL under the guard and answers a 200 `Response` whose JSON body is already read
 * and capped. Shaped like jose's `customFetch` implementation so `createRemoteJWKSet` can use it.
 */
export type GuardedFetch = (url: string, init?: GuardedFetchInit) => Promise<Response>;

/**
 * Creates the one way Onboard fetches JWKS documents (OB-RULES SSA 8): a GET through `createGuardedRequest`
 * (allow-listed hosts, public addresses, no redirects, time limit, byte cap) whose body must be UTF-8 JSON. Every
 * failure is a `JwksFetchError` with a safe message.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const request = createGuardedRequest({ ...options, label: 'JWKS' });
  return async (url, init = {}) => {
    const { bytes } = await request(url, { method: 'GET', headers: init.headers, signal: init.signal });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new JwksFetchError('invalid_document', 'JWKS response is not UTF-8 text');
    }
    try {
      JSON.parse(text);
    } catch {
      throw new JwksFetchError('invalid_document', 'JWKS response is not JSON');
    }
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
