import { isStorableText } from '@/lib/db/is-storable-text';

// A query parameter's name simple enough to repeat in the message.
const ECHOABLE_NAME = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * A 400 for a URL no page can read, null for any other: a path segment whose percent-escapes are not UTF-8 (a lone
 * surrogate such as %ED%A0%80, a cut-off or malformed escape) or decode to a NUL, or a query parameter holding a NUL.
 * Next.js fails decoding such a segment, and PostgreSQL text holds no NUL; either way the answer was a 500.
 */
export function refuseUndecodableUrl(url: URL): Response | null {
  if (!url.pathname.split('/').every(isDecodableSegment)) return badRequest('the request path holds a percent-escape that is not UTF-8 text, or a NUL character');
  // URLSearchParams decodes leniently (a bad escape stays as it is, bytes that are not UTF-8 become U+FFFD): only NUL is left.
  for (const [name, value] of url.searchParams) {
    if (!isStorableText(name)) return badRequest('the name of a query parameter holds a NUL character');
    if (!isStorableText(value)) return badRequest(`query parameter ${ECHOABLE_NAME.test(name) ? `"${name}"` : 'value'} holds a NUL character`);
  }
  return null;
}

function isDecodableSegment(segment: string): boolean {
  try {
    return isStorableText(decodeURIComponent(segment));
  } catch {
    return false;
  }
}

function badRequest(message: string): Response {
  return new Response(`${message}\n`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
