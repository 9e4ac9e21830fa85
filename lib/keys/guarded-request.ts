import type { LookupFunction } from 'node:net';
import { createAddressCheckedFetch, type AddressCheckedFetch } from './create-address-checked-fetch';
import { createUrlGuard } from './create-url-guard';
import { outboundFetchDuration } from '@/lib/metrics/metrics';
import { JwksFetchError } from './jwks-fetch-error';

/**
 * Limits of a guarded request. `label` names what is fetched in failure messages (`JWKS`, `OCSP`, `CRL`). The
 * transport defaults to `createAddressCheckedFetch` (public addresses only for names); tests inject `lookup`
 * (name resolution) or a whole `fetch`.
 */
export type GuardedRequestOptions = {
  allowedHosts: string[];
  timeoutMs: number;
  maxBytes: number;
  label?: string;
  /** Plain http to any allowed host, for signed documents only (OCSP, CRL); see `UrlGuardOptions`. */
  allowsPlainHttp?: boolean;
  fetch?: AddressCheckedFetch;
  lookup?: LookupFunction;
};

/** What a caller may send; redirects are never followed. */
export type GuardedRequestInit = { method?: 'GET' | 'POST'; headers?: HeadersInit; body?: Uint8Array<ArrayBuffer>; signal?: AbortSignal };

/** A 200 answer's body, read whole under the cap, and its media type as the server declared it. */
export type GuardedAnswer = { bytes: Uint8Array<ArrayBuffer>; contentType: string | null };

/** Fetches one URL under the guard and answers its 200 body; every failure is a `JwksFetchError` with a safe message. */
export type GuardedRequest = (url: string, init?: GuardedRequestInit) => Promise<GuardedAnswer>;

/**
 * Creates the one way Onboard fetches from a TPP's or the directory's hosts (OB-RULES SSA 8 and *Trust over time*):
 * allow-listed hosts only (see `createUrlGuard` for the port and scheme rules), names resolving to public addresses
 * only (see `createAddressCheckedFetch`), no redirects, a time limit covering headers and body, and a byte cap
 * enforced while streaming. JWKS documents (`createGuardedFetch`), OCSP responses and CRLs all come through it.
 */
export function createGuardedRequest(options: GuardedRequestOptions): GuardedRequest {
  const { timeoutMs, maxBytes } = options;
  const label = options.label ?? 'JWKS';
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new TypeError('"timeoutMs" must be a positive integer');
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new TypeError('"maxBytes" must be a positive integer');
  const guardUrl = createUrlGuard(options.allowedHosts, { label, allowsPlainHttp: options.allowsPlainHttp });
  const fetchImpl = options.fetch ?? createAddressCheckedFetch(options.lookup, label);

  const kind = label.toLowerCase();
  const guardedRequest: GuardedRequest = async (url, init = {}) => {
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
      if (hasTimedOut) return new JwksFetchError('timeout', `${label} request timed out after ${timeoutMs} ms`, { cause });
      // The caller's own abort (e.g. jose's timeout signal) is the caller's to interpret.
      if (callerSignal?.aborted) return callerSignal.reason;
      return new JwksFetchError('network', `${label} request failed`, { cause });
    };

    try {
      let response: Response;
      try {
        response = await fetchImpl(target.href, {
          method: init.method ?? 'GET',
          headers: init.headers,
          body: init.body,
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (cause) {
        throw toFailure(cause);
      }
      if (response.status !== 200) {
        await discardBody(response);
        // A redirect could lead anywhere, including off the allow-list: refuse it rather than follow it.
        if (response.status >= 300 && response.status < 400) {
          throw new JwksFetchError('redirect', `${label} endpoint answered with a redirect (HTTP ${response.status}); redirects are not followed`);
        }
        throw new JwksFetchError('http_status', `${label} endpoint answered HTTP ${response.status}, expected 200`);
      }
      try {
        return { bytes: await readCappedBytes(response, maxBytes, label), contentType: response.headers.get('content-type') };
      } catch (cause) {
        throw toFailure(cause);
      }
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', abortFromCaller);
    }
  };
  // Timed from the guard on: what a refused URL cost is measured too (`url_refused`…).
  return async (url, init) => {
    const stop = outboundFetchDuration.startTimer({ kind });
    try {
      const answer = await guardedRequest(url, init);
      stop({ outcome: 'ok' });
      return answer;
    } catch (error) {
      stop({ outcome: error instanceof JwksFetchError ? error.reason : 'aborted' });
      throw error;
    }
  };
}

// Stops reading as soon as the cap is passed, so an endless or huge body costs at most `maxBytes`.
async function readCappedBytes(response: Response, maxBytes: number, label: string): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new JwksFetchError('too_large', `${label} response exceeds ${maxBytes} bytes`);
  const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declaredLength > maxBytes) {
    await discardBody(response);
    throw tooLarge();
  }
  const body = response.body;
  if (body === null) return new Uint8Array(0);
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
  return bytes;
}

// Releases the connection of an answer we will not read.
async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
