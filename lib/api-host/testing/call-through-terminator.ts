import { readForwardedConnection } from '@/lib/http/read-forwarded-certificate';
import { toWebResponse } from '@/lib/http/api-answer';
import { fromWebRequest } from '@/lib/http/api-request';
import type { ApiEndpoint } from '@/lib/http/with-mtls-request';

/**
 * Calls an API endpoint as the API host's plain listener does behind the bank's TLS terminator: the connection is
 * what the request's headers forward (believed only with `MTLS_PROXY_SECRET`), or null without the secret.
 */
export async function callThroughTerminator(endpoint: ApiEndpoint, request: Request, params: Record<string, string> = {}): Promise<Response> {
  return toWebResponse(await endpoint(fromWebRequest(request), readForwardedConnection(request.headers), params));
}
