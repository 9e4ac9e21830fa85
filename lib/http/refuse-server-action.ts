import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';

/**
 * The largest server-action request the portal reads. The largest form is Register after a Check: the SSA pasted, the
 * SSA file, and the previous state React sends back with the SSA and its report; each SSA at most 64 KiB.
 */
export const SERVER_ACTION_MAX_BYTES = 256 * 1024;

const PLAIN_TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

/**
 * A refusal for a server action (a POST from a page's form: a Next-Action header, or a multipart body when the browser
 * runs no script) that does not come from the portal's own pages (403: its Origin must be PORTAL_URL's, or the request
 * may be forged cross-site) or is larger than any form of the portal (413; 411 without a Content-Length, whose size
 * cannot be known before reading it); null for any other request. Next.js refuses both itself, but as a 500.
 */
export function refuseServerAction(request: Request, portalOrigin: string): Response | null {
  const isServerAction =
    request.method === 'POST' && (request.headers.has('next-action') || (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'));
  if (!isServerAction) return null;
  // Browsers send Origin with every POST; a missing, empty or "null" one is no page of the portal either.
  if (request.headers.get('origin') !== portalOrigin) {
    return new Response(`a form may be submitted only from the portal's own pages (${portalOrigin})\n`, { status: 403, headers: PLAIN_TEXT });
  }
  const length = request.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) return new Response('a form must be sent with its Content-Length\n', { status: 411, headers: PLAIN_TEXT });
  if (Number(length) > SERVER_ACTION_MAX_BYTES) {
    return new Response(
      `the form is larger than the portal accepts (${SERVER_ACTION_MAX_BYTES / 1024} KiB); a software statement is at most ${SSA_MAX_BYTES / 1024} KiB\n`,
      { status: 413, headers: PLAIN_TEXT },
    );
  }
  return null;
}
