import 'server-only';
import { oauthErrorResponse } from './oauth-error-response';
import { readForwardedCertificate } from './read-forwarded-certificate';
import { respondToUnexpectedError } from './respond-to-unexpected-error';

/** What an mTLS route handler gets: the request and the client certificate the TLS terminator verified (or null). */
export type MtlsHandler<Params> = (request: Request, certificatePem: string | null, params: Params) => Promise<Response>;

/**
 * Wraps an mTLS endpoint's handler: refuses requests that did not come through the TLS terminator, and
 * turns any unexpected fault into a logged `server_error` with no detail.
 */
export function withMtlsRequest<Params = Record<string, never>>(name: string, handler: MtlsHandler<Params>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const certificate = readForwardedCertificate(request.headers);
      if (!certificate.isTrusted) return oauthErrorResponse('untrusted_proxy', 'requests must come through the mutual TLS endpoint');
      return await handler(request, certificate.pem, await context.params);
    } catch (error) {
      return respondToUnexpectedError(error, name);
    }
  };
}
