import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiAnswer } from './api-answer';

/** The header every answer written straight to Node (the API host's, the portal's refusals in front of Next.js) carries. */
const NOSNIFF = 'x-content-type-options';

/** Writes an endpoint's answer to a Node request. */
export function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: ApiAnswer): void {
  // One flat list of names and values, which Node writes as it is (no header object to build and read back).
  const headers = [NOSNIFF, 'nosniff'];
  for (const name in answer.headers) {
    if (name !== NOSNIFF && name !== 'content-length') headers.push(name, answer.headers[name] as string);
  }
  headers.push('content-length', answer.body === null ? '0' : String(Buffer.byteLength(answer.body)));
  // A refusal may answer before reading the body (a rate limit, an oversized request). The rest of it still sits on
  // the connection, where the next request would wait behind it: the connection closes after this answer instead.
  if (!req.complete) headers.push('connection', 'close');
  res.writeHead(answer.status, headers);
  res.end(answer.body ?? undefined);
}
