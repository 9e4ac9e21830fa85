import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers every answer of the API host carries. */
const ALWAYS = { 'x-content-type-options': 'nosniff' } as const;

/** Writes a web `Response` as the answer to a Node request. */
export async function writeWebResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = { ...ALWAYS };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers['content-length'] = String(body.length);
  // A refusal may answer before reading the body (a rate limit, an oversized request). The rest of it still sits on
  // the connection, where the next request would wait behind it: the connection closes after this answer instead.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}
