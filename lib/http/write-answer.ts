import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiAnswer } from './api-answer';

/** Headers every answer written straight to Node (the API host's, the portal's refusals in front of Next.js) carries. */
const ALWAYS = { 'x-content-type-options': 'nosniff' } as const;

/** Writes an endpoint's answer to a Node request. */
export function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: ApiAnswer): void {
  const headers: Record<string, string> = { ...ALWAYS, ...answer.headers, 'content-length': String(answer.body === null ? 0 : Buffer.byteLength(answer.body)) };
  // A refusal may answer before reading the body (a rate limit, an oversized request). The rest of it still sits on
  // the connection, where the next request would wait behind it: the connection closes after this answer instead.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}
