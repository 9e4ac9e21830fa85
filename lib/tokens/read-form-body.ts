import { readBodyText } from '@/lib/http/read-body-text';

/** A form-encoded request body, or the error that refuses it. */
export type ReadFormBodyResult =
  | { status: 'read'; params: URLSearchParams }
  | { status: 'failed'; code: 'invalid_request' | 'payload_too_large'; description: string };

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `maxBytes` (whole KiB; RFC 6749 §3.2): the media type
 * is checked first, the size before and while reading (the body is never buffered past the cap), and a
 * parameter sent twice is refused (RFC 6749 §3.2: "parameters MUST NOT be included more than once").
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<ReadFormBodyResult> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== FORM_MEDIA_TYPE) return { status: 'failed', code: 'invalid_request', description: `"Content-Type" must be ${FORM_MEDIA_TYPE}` };
  const tooLarge = { status: 'failed', code: 'payload_too_large', description: `the request body exceeds ${maxBytes / 1024} KiB` } as const;
  const body = await readBodyText(request, maxBytes);
  if (body === null) return tooLarge;
  const params = new URLSearchParams(body);
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return { status: 'failed', code: 'invalid_request', description: `"${name.slice(0, 64)}" must not be repeated` };
    seen.add(name);
  }
  return { status: 'read', params };
}
