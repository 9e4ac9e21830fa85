import { randomUUID } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';

/** The header that carries a request's id to the handlers, the audit trail and the caller. */
const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every request an id of the portal's own (a client-sent one is never trusted), so audit events
 * and logs can be tied to the request that caused them. Not an authorization guard: those live in lib/.
 */
export function proxy(request: NextRequest) {
  const requestId = randomUUID();
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Static assets need no id.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
