import 'server-only';
import { randomUUID } from 'node:crypto';
import { checkRateLimit, type RateLimitedEndpoint } from '@/lib/rate-limit/check-rate-limit';
import { oauthErrorResponse } from './oauth-error-response';
import { readForwardedCertificate } from './read-forwarded-certificate';
import { requestIdStorage } from './request-id-storage';
import { respondToUnexpectedError } from './respond-to-unexpected-error';

/** What an mTLS route handler gets: the request and the client certificate the TLS terminator verified (or null). */
export type MtlsHandler<Params> = (request: Request, certificatePem: string | null, params: Params) => Promise<Response>;

/** The mTLS endpoints, and the rate limit each one counts against. */
const RATE_LIMITED_AS = {
  'POST /register': 'register',
  'GET /register/{id}': 'register',
  'PUT /register/{id}': 'register',
  'DELETE /register/{id}': 'register',
  'POST /token': 'token',
} as const satisfies Record<string, RateLimitedEndpoint>;

/** An mTLS endpoint, as its handler is named in logs. */
export type MtlsEndpointName = keyof typeof RATE_LIMITED_AS;

/**
 * Wraps an mTLS endpoint's handler: gives the request its id (`x-request-id`, recorded with audit events), refuses requests that did not come through the TLS terminator, then those over
 * the endpoint's rate limit (before anything is read), and turns any unexpected fault into a logged `server_error`
 * with no detail.
 */
export function withMtlsRequest<Params = Record<string, never>>(name: MtlsEndpointName, handler: MtlsHandler<Params>) {
  const handle = async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const certificate = readForwardedCertificate(request.headers);
      if (!certificate.isTrusted) return oauthErrorResponse('untrusted_proxy', 'requests must come through the mutual TLS endpoint');
      const limited = checkRateLimit(RATE_LIMITED_AS[name], request.headers, certificate.pem);
      if (limited) return limited;
      return await handler(request, certificate.pem, await context.params);
    } catch (error) {
      return respondToUnexpectedError(error, name);
    }
  };
  // The root proxy skips the API (it would cost a third of a token request's framework time), so the id that ties
  // the answer to its audit events and logs is given here, never taken from the client.
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = randomUUID();
    const response = await requestIdStorage.run(requestId, () => handle(request, context));
    response.headers.set('x-request-id', requestId);
    return response;
  };
}
