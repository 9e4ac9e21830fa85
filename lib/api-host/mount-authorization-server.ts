import 'server-only';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmbeddedAuthorizationServer } from '@/lib/authorization-server/create-embedded-authorization-server';
import type { ApiConnection } from '@/lib/http/with-mtls-request';
import { checkRateLimit } from '@/lib/rate-limit/check-rate-limit';
import type { MountedHandler } from './start-api-host';
import { writeAnswer } from '../http/write-answer';
import { apiRequestDuration, outcomeOf } from '@/lib/metrics/metrics';
import { getLogger, interactionIdOf, logApiRequest, requestClientOf } from '@/lib/logging/logger';

/** Where the embedded authorization server answers at `MTLS_URL` (lib/authorization-server routes). */
export const AUTHORIZATION_SERVER_PATHS: ReadonlySet<string> = new Set([
  '/token',
  '/token/introspection',
  '/token/revocation',
  '/jwks',
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
]);

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

/**
 * Mounts the authorization server in the API host: every request gets an id (`x-request-id`), `POST /token` and its
 * introspection and revocation count against the token rate limit (answered before the body is read), and the server
 * reads the request's certificate from the connection the host read (`certificateOf`).
 */
export function mountAuthorizationServer(server: EmbeddedAuthorizationServer, connections: WeakMap<IncomingMessage, ApiConnection>): MountedHandler {
  return {
    paths: AUTHORIZATION_SERVER_PATHS,
    handle(req: IncomingMessage, res: ServerResponse, connection: ApiConnection) {
      const requestId = randomUUID();
      const interactionId = interactionIdOf(req.headers['x-fapi-interaction-id'] as string | undefined);
      res.setHeader('x-request-id', requestId);
      // FAPI: the TPP's x-fapi-interaction-id is answered back (one of ours when it sent none, or not a UUID).
      res.setHeader('x-fapi-interaction-id', interactionId);
      const startedAt = performance.now();
      // The path is one of the server's own (`paths`); the method a client may choose, so only the usual ones are named.
      const method = KNOWN_METHODS.has(req.method ?? '') ? req.method : 'OTHER';
      const endpoint = `${method} ${(req.url ?? '').split('?')[0]}`;
      const stop = apiRequestDuration.startTimer({ endpoint });
      res.once('finish', () => {
        const outcome = outcomeOf(res.statusCode);
        stop({ outcome });
        logApiRequest({ requestId, interactionId, endpoint, status: res.statusCode, outcome, durationMs: performance.now() - startedAt, clientId: requestClientOf(req) });
      });
      const serve = () => {
        connections.set(req, connection);
        server.callback(req, res);
      };
      if (req.method !== 'POST') return serve();
      // The body stays unread (paused) while the shared window is asked.
      checkRateLimit('token', connection).then(
        (limited) => (limited ? writeAnswer(req, res, limited) : serve()),
        (error: unknown) => {
          getLogger().error({ error: (error as Error).name }, 'rate limit check failed; request let through');
          serve();
        },
      );
    },
  };
}
