/**
 * Thrown by a client change that the bank's authorization server could not take (down, slow, or refusing): the API
 * answers it as `temporarily_unavailable` (503) with `description`, which names no token or secret. What happened to
 * the change is said in the description; either way the server and Onboard agree again within the retry interval.
 */
export class AuthorizationServerUnavailableError extends Error {
  readonly error = 'temporarily_unavailable';

  constructor(readonly description: string) {
    super(description);
    this.name = 'AuthorizationServerUnavailableError';
  }
}

/** Whether `error` is a change refused for the authorization server's sake (for the API's error mapping). */
export function isAuthorizationServerUnavailable(error: unknown): error is AuthorizationServerUnavailableError {
  return error instanceof AuthorizationServerUnavailableError;
}
