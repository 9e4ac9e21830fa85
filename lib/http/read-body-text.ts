/**
 * Reads a request's (or a fetched answer's) body as UTF-8 text, or null when it exceeds `maxBytes` (checked against
 * Content-Length first, then while streaming, so an oversized body is never buffered whole).
 */
export async function readBodyText(request: Pick<Request, 'headers' | 'body'>, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
