import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';
import type { ApiAnswer } from './api-answer';
import type { ApiRequest } from './api-request';

/**
 * The largest server-action request the portal reads. The largest form is Register after a Check: the SSA pasted, the
 * SSA file, and the previous state React sends back with the SSA and its report; each SSA at most 64 KiB.
 */
export const SERVER_ACTION_MAX_BYTES = 256 * 1024;

const PLAIN_TEXT = { 'content-type': 'text/plain; charset=utf-8' };

const refusal = (status: number, body: string): ApiAnswer => ({ status, headers: PLAIN_TEXT, body });

/**
 * A refusal for a server action (a POST from a page's form: a Next-Action header, or a multipart body when the browser
 * runs no script) that does not come from the portal's own pages (403: its Origin must be PORTAL_URL's, or the request
 * may be forged cross-site) or is larger than any form of the portal (413; 411 without a Content-Length, whose size
 * cannot be known before reading it); null for any other request. Read from the headers alone, in front of Next.js
 * (`scripts/launcher/serve-roles.ts`), which would otherwise read the whole body (up to 10 MB) before anything could
 * refuse it, log an error when the sender gave up, and answer the action's own refusals as a 500.
 */
export function refuseServerAction(request: Pick<ApiRequest, 'method' | 'header'>, portalOrigin: string): ApiAnswer | null {
  const isServerAction = request.method === 'POST' && (request.header('next-action') !== null || (request.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'));
  if (!isServerAction) return null;
  // Browsers send Origin with every POST; a missing, empty or "null" one is no page of the portal either.
  if (request.header('origin') !== portalOrigin) return refusal(403, `a form may be submitted only from the portal's own pages (${portalOrigin})\n`);
  const length = request.header('content-length');
  if (length === null || !/^\d+$/.test(length)) return refusal(411, 'a form must be sent with its Content-Length\n');
  if (Number(length) > SERVER_ACTION_MAX_BYTES) {
    return refusal(413, `the form is larger than the portal accepts (${SERVER_ACTION_MAX_BYTES / 1024} KiB); a software statement is at most ${SSA_MAX_BYTES / 1024} KiB\n`);
  }
  return null;
}
