/**
 * Reads a request's (or a fetched answer's) body as UTF-8 text, or null when it exceeds `maxBytes` (checked against
 * Content-Length first, then while streaming, so an oversized body is never buffered whole).
 */
export async function readBodyText(request: Pick<Request, 'headers' | 'body'>, maxBytes: number): Promise<string | null> {
  // Node's web streams are async iterable (the DOM types say otherwise); leaving the loop early cancels the stream.
  return readCappedText(request.headers.get('content-length'), (request.body ?? []) as unknown as AsyncIterable<Uint8Array>, maxBytes);
}

/**
 * Reads `chunks` as UTF-8 text, or null as soon as they exceed `maxBytes` or the declared Content-Length does. An
 * early return ends the iteration: a web stream is cancelled; a Node request iterated with
 * `iterator({ destroyOnReturn: false })` keeps its socket for the answer.
 */
export async function readCappedText(declaredLength: string | null | undefined, chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string | null> {
  if (Number(declaredLength ?? '0') > maxBytes) return null;
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) return null;
    parts.push(chunk);
  }
  return Buffer.concat(parts, total).toString('utf8');
}
