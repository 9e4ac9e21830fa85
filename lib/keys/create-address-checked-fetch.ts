import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as requestHttp, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as requestHttps } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

import { classifyAddress } from './classify-address';
import { JwksFetchError } from './jwks-fetch-error';

/** The part of `fetch` the guarded request uses: a GET or a POST with headers, a body and a signal, never following redirects. */
export type AddressCheckedFetch = (
  url: string,
  init: { method?: string; headers?: HeadersInit; body?: Uint8Array<ArrayBuffer>; redirect?: 'manual'; signal?: AbortSignal },
) => Promise<Response>;

const LOOPBACK_NAMES = /^(?:localhost|.+\.localhost)$/i;
// RFC 9110 §15: these answers have no content; `Response` refuses a body for them.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch for JWKS documents, OCSP responses and CRLs that connects only to public addresses when it has to resolve a name (OB-RULES SSA 8):
 * an allow-listed name that resolves to a loopback, private, link-local or reserved address (DNS rebinding, a stale
 * or hijacked record, a cloud metadata alias) is refused before any connection, and the check is made on the very
 * addresses the socket then connects to. An IP address in the URL is not resolved: the allow-list named it, so it is
 * the bank's explicit choice; likewise `localhost` may resolve to loopback (the embedded sandbox directory).
 * Redirects are never followed. `lookup` is injectable for tests.
 */
export function createAddressCheckedFetch(lookup: LookupFunction = dnsLookup as LookupFunction, label = 'JWKS'): AddressCheckedFetch {
  // Own connection pools: a kept-alive connection is reused only by requests made under this same check.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const send = (url: string, init: Parameters<AddressCheckedFetch>[1], mayRetry: boolean): Promise<Response> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      const request = (isHttps ? requestHttps : requestHttp)(
        target,
        {
          agent: isHttps ? agents.https : agents.http,
          method: init.method ?? 'GET',
          headers: Object.fromEntries(new Headers(init.headers)),
          signal: init.signal,
          lookup: checkedLookup(lookup, target.hostname, label),
        },
        (response) => {
          try {
            resolve(toResponse(response));
          } catch (error) {
            response.destroy();
            reject(error);
          }
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed while it sat idle fails on its next use before any answer
        // arrives; the request never reached the server, so it is sent once more on a new connection (Node's
        // documented remedy, `request.reusedSocket`). Our requests are reads: a JWKS GET, an OCSP query.
        if (mayRetry && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !init.signal?.aborted) resolve(send(url, init, false));
        else reject(error);
      });
      request.end(init.body);
    });
  return (url, init) => send(url, init, true);
}

function checkedLookup(lookup: LookupFunction, hostname: string, label: string): LookupFunction {
  return (name, options, callback) => {
    lookup(name, { ...options, all: true }, (error, resolved) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const addresses = (Array.isArray(resolved) ? resolved : [{ address: resolved, family: 4 }]) as LookupAddress[];
      // Every address is checked, not only the first: a name must not mix a public address with an internal one.
      const refused = addresses.map(({ address }) => classifyAddress(address)).find((kind) => kind !== 'public' && !(kind === 'loopback' && LOOPBACK_NAMES.test(hostname)));
      if (addresses.length === 0 || refused !== undefined) {
        const kind = refused === undefined ? 'no' : `a ${refused.replace('_', '-')}`;
        callback(new JwksFetchError('address_refused', `${label} host "${hostname}" resolves to ${kind} address; only public addresses are fetched`), '', 0);
        return;
      }
      const [first] = addresses as [LookupAddress];
      if (options.all) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

function toResponse(response: IncomingMessage): Response {
  const headers = new Headers();
  for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) headers.append(response.rawHeaders[index] as string, response.rawHeaders[index + 1] as string);
  const status = response.statusCode ?? 0;
  if (NULL_BODY_STATUSES.has(status)) {
    response.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, { status, headers });
}
