import { oauthErrorResponse } from './oauth-error-response';

/** Logs an unexpected fault server-side and answers `server_error` with no detail (DESIGN: errors). */
export function respondToUnexpectedError(error: unknown, where: string): Response {
  console.error(`${where}: unexpected error`, error);
  return oauthErrorResponse('server_error', 'the server could not complete the request');
}
