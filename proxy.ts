import { randomUUID } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { refuseMalformedServerAction } from '@/lib/http/refuse-malformed-server-action';
import { refuseUndecodableUrl } from '@/lib/http/refuse-undecodable-url';
import { buildSecurityHeaders } from '@/lib/security-headers/build-security-headers';
import { generateNonce } from '@/lib/security-headers/generate-nonce';

/** The header that carries a request's id to the handlers, the audit trail and the caller. */
const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every request an id of the portal's own (a client-sent one is never trusted), so audit events
 * and logs can be tied to the request that caused them, and a fresh CSP nonce: Next.js reads the policy
 * from the request headers while rendering and puts the nonce on the scripts it emits. Refuses with a
 * clear 4xx what Next.js would answer with a 500: a URL that does not decode to text, a malformed
 * server action. Not an authorization guard: those live in lib/.
 */
export async function proxy(request: NextRequest) {
  const requestId = randomUUID();
  const { portalUrl } = getEnv();
  const security = buildSecurityHeaders({ nonce: generateNonce(), portalUrl, isDevelopment: process.env.NODE_ENV === 'development' });
  // A forged or oversized server action was refused in front of Next.js (scripts/launcher/serve-roles.ts).
  const refusal = refuseUndecodableUrl(new URL(request.url)) ?? (await refuseMalformedServerAction(request));
  let response: Response;
  if (refusal) {
    response = refusal;
  } else {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of Object.entries(security)) headers.set(name, value);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static assets need no id, and carry no script to allow (next.config.js still gives them nosniff). The DCR API and
  // the token endpoint are not here: the API host serves them.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
