import fc from 'fast-check';

/**
 * `Content-Type` values that are not `application/jwt` or `application/jose` (in any case, with any
 * parameters), the media types a registration request must use: absent (null), empty, near misses
 * (`application/jwt+json`, `application/jwtx`, a list), other types, broken syntax, and random ones.
 */
export function arbitraryOddContentType(): fc.Arbitrary<string | null> {
  return fc.oneof(
    fc.constantFrom<string | null>(
      null,
      '',
      ' ',
      ';',
      '/',
      'application/',
      '/jwt',
      'jwt',
      'application/json',
      'application/jose+json',
      'application/jwt+json',
      'application/jwtx',
      'application/jwt,application/json',
      'application/json; profile=application/jwt',
      'text/plain',
      'text/jwt',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/octet-stream',
      '*/*',
      'application/*',
      'application / jwt',
      '"application/jwt"',
    ),
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((text) => `text/${text}`),
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((text) => `x-${text}`),
    fc.integer({ min: 1_000, max: 8_000 }).map((length) => `application/${'j'.repeat(length)}`),
  );
}
