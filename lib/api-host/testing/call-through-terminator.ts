import { readForwardedConnection } from '@/lib/http/read-forwarded-certificate';
import type { ApiEndpoint } from '@/lib/http/with-mtls-request';

/**
 * Calls an API endpoint as the API host's plain listener does behind the bank's TLS terminator: the connection is
 * what the request's headers forward (believed only with `MTLS_PROXY_SECRET`), or null without the secret.
 */
export function callThroughTerminator(endpoint: ApiEndpoint, request: Request, params: Record<string, string> = {}): Promise<Response> {
  return endpoint(request, readForwardedConnection(request.headers), params);
}
