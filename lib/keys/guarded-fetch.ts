import type { LookupFunction } from 'node:net';
import { createAddressCheckedFetch, type AddressCheckedFetch } from './create-address-checked-fetch';
import { createUrlGuard } from './create-url-guard';
import { JwksFetchError } from './jwks-fetch-error';

/**
 * Limits of a guarded fetch. The transport defaults to `createAddressCheckedFetch` (public addresses only for names);
 * tests inject `lookup` (name resolution) or a whole `fetch`.
 */
export type GuardedFetchOptions = { allowedHosts: string[]; timeoutMs: number; maxBytes: number; fetch?: AddressCheckedFetch; lookup?: LookupFunction };

/** What a caller may add to the request; the method is always GET and redirects are never followed. */
export type GuardedFetchInit = { headers?: HeadersInit; signal?: AbortSignal };

/**
 * Fetches a JWKS URL under the guard and answers a 200 `Response` whose JSON body is already read
 * and capped. Shaped like jose's `customFetch` implementation so `createRemoteJWKSet` can use it.
 */
export type GuardedFetch = (url: string, init?: GuardedFetchInit) => Promise<Response>;

/**
 * Creates the one way Onboard fetches JWKS documents (OB-RULES SSA 8): allow-listed hosts only
 * (see `createUrlGuard` for the port and scheme rules), names resolving to public addresses only (see
 * `createAddressCheckedFetch`), no redirects, a time limit covering headers and body,
 * and a byte cap enforced while streaming. Every failure is a `JwksFetchError` with a safe message.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const { timeoutMs, maxBytes } = options;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError('"timeoutMs" must be a positive integer');
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new TypeError('"maxBytes" must be a positive integer');
  const guardUrl = createUrlGuard(options.allowedHosts);
  const fetchImpl = options.fetch ?? createAddressCheckedFetch(options.lookup);

  return async (url, init = {}) => {
    // The guard runs before anything touches the network: a refused URL costs no request.
    const target = guardUrl(url);
    const controller = new AbortController();
    let hasTimedOut = false;
    const timer = setTimeout(() => {
      hasTimedOut = true;
      controller.abort();
    }, timeoutMs);
    const callerSignal = init.signal;
    const abortFromCaller = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) abortFromCaller();
    callerSignal?.addEventListener('abort', abortFromCaller, { once: true });

    const toFailure = (cause: unknown): unknown => {
      if (cause instanceof JwksFetchError) return cause;
      if (hasTimedOut) return new JwksFetchError('timeout', `JWKS request timed out after ${timeoutMs} ms`, { cause });
      // The caller's own abort (e.g. jose's timeout signal) is the caller's to interpret.
      if (callerSignal?.aborted) return callerSignal.reason;
      return new JwksFetchError('network', 'JWKS request failed', { cause });
    };

    try {
      let response: Response;
      try {
        response = await fetchImpl(target.href, { method: 'GET', headers: init.headers, redirect: 'manual', signal: controller.signal });
      } catch (cause) {
        throw toFailure(cause);
      }
      if (response.status !== 200) {
        await discardBody(response);
        // A redirect could lead anywhere, including off the allow-list: refuse it rather than follow it.
        if (response.status >= 300 && response.status < 400) {
          throw new JwksFetchError('redirect', `JWKS endpoint answered with a redirect (HTTP ${response.status}); redirects are not followed`);
        }
        throw new JwksFetchError('http_status', `JWKS endpoint answered HTTP ${response.status}, expected 200`);
      }
      let text: string;
      try {
        text = await readCappedText(response, maxBytes);
      } catch (cause) {
        throw toFailure(cause);
      }
      try {
        JSON.parse(text);
      } catch {
        throw new JwksFetchError('invalid_document', 'JWKS response is not JSON');
      }
      return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', abortFromCaller);
    }
  };
}

// Stops reading as soon as the cap is passed, so an endless or huge body costs at most `maxBytes`.
async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new JwksFetchError('too_large', `JWKS response exceeds ${maxBytes} bytes`);
  const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declaredLength > maxBytes) {
    await discardBody(response);
    throw tooLarge();
  }
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new JwksFetchError('invalid_document', 'JWKS response is not UTF-8 text');
  }
}

// Releases the connection of an answer we will not read.
async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
