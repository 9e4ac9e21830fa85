import { readBodyText } from './read-body-text';

/**
 * What an API endpoint reads of its request: the method, a header (duplicates joined with ", ", as
 * `Headers.get` does; null when absent), and the body as UTF-8 text, or null when it exceeds `maxBytes`
 * (checked against Content-Length first, then while reading, so an oversized body is never buffered whole).
 * The path is the route's, never the request's: endpoints get it as parameters.
 */
export type ApiRequest = {
  method: string;
  header(name: string): string | null;
  readBody(maxBytes: number): Promise<string | null>;
};

/** A web `Request` as an endpoint reads it (tests, and callers that hold a fetch request). */
export function fromWebRequest(request: Request): ApiRequest {
  return { method: request.method, header: (name) => request.headers.get(name), readBody: (maxBytes) => readBodyText(request, maxBytes) };
}
