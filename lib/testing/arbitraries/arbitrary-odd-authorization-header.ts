import fc from 'fast-check';

const base64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');

/**
 * `Authorization` header values that carry no valid credentials: other or missing schemes, Basic with
 * base64 that does not decode to `id:secret` (no colon, bad percent-encoding, invalid UTF-8, empty id),
 * Bearer with a non-token or a made-up token, and random Latin-1 text.
 */
export function arbitraryOddAuthorizationHeader(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', ' ', 'Basic', 'Basic ', 'Basic ====', 'Basic !!!', 'Bearer', 'Bearer ', 'Bearer a b', 'Digest x', 'Negotiate', 'null'),
    fc.constantFrom('nocolon', ':secret', '%zz:secret', 'id:%E2%82', 'id:', '\u00ff\u00fe:\u0080').map((pair) => `Basic ${base64(pair)}`),
    fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((pair) => `Basic ${base64(pair)}`),
    fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((token) => `Bearer ${token}`),
    fc.integer({ min: 1_000, max: 10_000 }).map((length) => `Bearer ${'a'.repeat(length)}`),
    fc.string({ unit: 'grapheme-ascii', maxLength: 100 }),
  );
}
