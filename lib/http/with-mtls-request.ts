import 'server-only';
import { randomUUID } from 'node:crypto';
import { isAuthorizationServerUnavailable } from '@/lib/authorization-server/provisioning/authorization-server-unavailable-error';
import { interactionIdOf, logApiRequest } from '@/lib/logging/logger';
import { apiRequestDuration, outcomeOf } from '@/lib/metrics/metrics';
import { checkRateLimit, type RateLimitedEndpoint } from '@/lib/rate-limit/check-rate-limit';
import { withAnswerHeader, type ApiAnswer } from './api-answer';
import type { ApiRequest } from './api-request';
import { oauthErrorAnswer } from './oauth-error-response';
import { requestIdStorage } from './request-id-storage';
import { unexpectedErrorAnswer } from './respond-to-unexpected-error';

/**
 * What the API host knows of the connection a request came over: the client certificate that verified against the
 * directory's CA bundle (PEM, or null for none or one that did not verify) and the client's address. Taken from
 * the TLS socket when the host terminates mutual TLS, or from the headers of a terminator that proved itself
 * with the shared secret; null when a request reached the plain listener without that proof.
 */
export type ApiConnection = Readonly<{ certificatePem: string | null; clientAddress: string }>;

/** One API endpoint as the API host calls it: the request, its connection, and the path's parameters. */
export type ApiEndpoint = (request: ApiRequest, connection: ApiConnection | null, params: Record<string, string>) => Promise<ApiAnswer>;

/** What an mTLS endpoint's own handler gets: the request, the verified client certificate (or null), the parameters. */
export type MtlsHandler = (request: ApiRequest, certificatePem: string | null, params: Record<string, string>) => Promise<ApiAnswer>;

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
 * Wraps an mTLS endpoint's handler: gives the request its id (`x-request-id`, recorded with audit events), refuses
 * requests that did not come through mutual TLS or a trusted terminator, then those over the endpoint's rate limit
 * (before anything is read), and turns any unexpected fault into a logged `server_error` with no detail.
 */
export function withMtlsRequest(name: MtlsEndpointName, handler: MtlsHandler): ApiEndpoint {
  const handle: ApiEndpoint = async (request, connection, params) => {
    try {
      if (connection === null) return oauthErrorAnswer('untrusted_proxy', 'requests must come through the mutual TLS endpoint');
      const limited = await checkRateLimit(RATE_LIMITED_AS[name], connection);
      if (limited) return limited;
      return await handler(request, connection.certificatePem, params);
    } catch (error) {
      // The bank's authorization server did not confirm a client change (lib/authorization-server/provisioning).
      if (isAuthorizationServerUnavailable(error)) return oauthErrorAnswer('temporarily_unavailable', error.description);
      return unexpectedErrorAnswer(error, name);
    }
  };
  // The id that ties the answer to its audit events and logs is given here, never taken from the client.
  // FAPI: the TPP's x-fapi-interaction-id is answered back (one of ours when it sent none, or not a UUID).
  return async (request, connection, params) => {
    const requestId = randomUUID();
    const interactionId = interactionIdOf(request.header('x-fapi-interaction-id'));
    const startedAt = performance.now();
    const stop = apiRequestDuration.startTimer({ endpoint: name });
    const answer = await requestIdStorage.run(requestId, () => handle(request, connection, params));
    const outcome = outcomeOf(answer.status, answer.body);
    stop({ outcome });
    logApiRequest({ requestId, interactionId, endpoint: name, status: answer.status, outcome, durationMs: performance.now() - startedAt, clientId: params.clientId?.slice(0, 100) ?? registeredClientId(answer) });
    return withAnswerHeader(withAnswerHeader(answer, 'x-request-id', requestId), 'x-fapi-interaction-id', interactionId);
  };
}

// The client a registration created (201), from its answer: the log line then names it as the audit event does.
function registeredClientId(answer: ApiAnswer): string | null {
  if (answer.status !== 201 || answer.body === null) return null;
  try {
    const { client_id: clientId } = JSON.parse(answer.body) as { client_id?: unknown };
    return typeof clientId === 'string' ? clientId : null;
  } catch {
    return null;
  }
}
