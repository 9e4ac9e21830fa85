import type { IncomingMessage } from 'node:http';

/** Largest request body the sandbox routes accept. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a request body as UTF-8, or `undefined` once it grows past `MAX_BODY_BYTES`. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  return (await readBodyBytes(req))?.toString('utf8');
}

/** Reads a request body as bytes (an OCSP request), or `undefined` once it grows past `MAX_BODY_BYTES`. */
export async function readBodyBytes(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
