import { toWebResponse, type ApiAnswer } from './api-answer';
import { oauthErrorAnswer } from './oauth-error-response';
import { getLogger } from '@/lib/logging/logger';

/** Logs an unexpected fault server-side and answers `server_error` with no detail (DESIGN: errors). */
export function unexpectedErrorAnswer(error: unknown, where: string): ApiAnswer {
  getLogger().error({ where, err: error }, 'unexpected error');
  return oauthErrorAnswer('server_error', 'the server could not complete the request');
}

/** `unexpectedErrorAnswer` as a web `Response`, for the portal's Next.js route handlers. */
export function respondToUnexpectedError(error: unknown, where: string): Response {
  return toWebResponse(unexpectedErrorAnswer(error, where));
}
