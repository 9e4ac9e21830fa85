import fc from 'fast-check';

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const base64urlSegment = fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64url'));

// Header parameters a verifier must refuse or that change how it reads the token.
const BAD_HEADERS: Record<string, unknown>[] = [
  { alg: 'none' },
  { alg: 'none', kid: 'k' },
  { alg: 'HS256', kid: 'k' },
  { alg: 'RS256', kid: 'k' },
  { alg: 'PS256' },
  { alg: 'PS256', kid: '' },
  { alg: 'PS256', kid: 42 },
  { alg: 'PS256', kid: null },
  { alg: 'PS256', kid: ['k'] },
  { kid: 'k' },
  { alg: 256, kid: 'k' },
  { alg: '', kid: 'k' },
  { alg: 'ps256', kid: 'k' },
  { alg: 'PS256', kid: 'k', crit: ['exp'] },
  { alg: 'PS256', kid: 'k', crit: 'b64' },
  { alg: 'PS256', kid: 'k', b64: false, crit: ['b64'] },
  { alg: 'PS256', kid: 'k', jku: 'http://169.254.169.254/jwks' },
  { alg: 'PS256', kid: 'k', jwk: { kty: 'oct', k: 'AAAA' } },
  { alg: 'PS256', kid: 'k', x5c: ['not base64'] },
  { alg: 'PS256', kid: '../../etc/passwd' },
  { alg: 'PS256', kid: 'k'.repeat(10_000) },
];

// Decoded header texts that are not a JSON object.
const NOT_JSON_OBJECTS = ['', '{', 'alg', '[]', '1', 'null', '"PS256"', 'true', '{"alg":"PS256",}', "{'alg':'PS256'}", '\uFEFF{"alg":"PS256"}'];

/**
 * Compact JWS strings that are wrong in one way, derived from `validJws` (a correctly signed one): a wrong
 * number of segments, characters outside base64url, a header or payload that is not a JSON object, a bad
 * `alg` (`none`, HS256, RS256, missing) or `kid` (missing, empty, not a string), `crit`/`b64`/`jku`/`jwk`
 * tricks, a truncated, bit-flipped, emptied or foreign signature, whitespace and stray dots. None of them
 * carries a valid signature over its own header and payload.
 */
export function arbitraryMalformedJws(validJws: string): fc.Arbitrary<string> {
  const [header = '', payload = '', signature = ''] = validJws.split('.');
  const signatureBytes = Buffer.from(signature, 'base64url');
  const withHeader = (text: string) => `${encode(text)}.${payload}.${signature}`;
  return fc.oneof(
    // Wrong segment count: 1, 2, 4, 5 (a JWE has five), or the valid token with a segment added or dropped.
    fc.array(base64urlSegment, { minLength: 1, maxLength: 6 }).filter((parts) => parts.length !== 3).map((parts) => parts.join('.')),
    fc.constantFrom(`${header}.${payload}`, `${validJws}.`, `.${validJws}`, `${header}..${payload}.${signature}`, `${validJws}.${signature}`, '..', '...', '.'),
    // A character outside base64url somewhere in the token.
    fc
      .tuple(fc.nat({ max: validJws.length - 1 }), fc.constantFrom('+', '/', '=', '!', ' ', '\t', '%', '*', 'é', '\u0000', '\uD800', '\u202E'))
      .filter(([index]) => validJws[index] !== '.')
      .map(([index, character]) => `${validJws.slice(0, index)}${character}${validJws.slice(index + 1)}`),
    // A header (or payload) that decodes, but not to a JSON object; or raw bytes that are not UTF-8.
    fc.constantFrom(...NOT_JSON_OBJECTS).map(withHeader),
    fc.constantFrom(...NOT_JSON_OBJECTS).map((text) => `${header}.${encode(text)}.${signature}`),
    fc.uint8Array({ minLength: 1, maxLength: 32 }).map((bytes) => `${Buffer.from([0xff, ...bytes]).toString('base64url')}.${payload}.${signature}`),
    fc.string({ unit: 'binary', maxLength: 30 }).map(withHeader),
    // A JSON header with a bad alg or kid, or a trick, over the original payload and signature.
    fc.constantFrom(...BAD_HEADERS).map((parameters) => withHeader(JSON.stringify({ typ: 'JWT', ...parameters }))),
    fc.constantFrom(...BAD_HEADERS).map((parameters) => `${encode(JSON.stringify(parameters))}.${payload}.`),
    // The signature truncated, emptied, bit-flipped, or taken from random bytes.
    fc.nat({ max: Math.max(signature.length - 1, 0) }).map((length) => `${header}.${payload}.${signature.slice(0, length)}`),
    fc.tuple(fc.nat({ max: Math.max(signatureBytes.length - 1, 0) }), fc.integer({ min: 0, max: 7 })).map(([index, bit]) => {
      const flipped = Buffer.from(signatureBytes);
      flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
      return `${header}.${payload}.${flipped.toString('base64url')}`;
    }),
    base64urlSegment.map((random) => `${header}.${payload}.${random}`),
    // Whitespace or a line break inside, as a careless copy and paste leaves it.
    fc
      .tuple(fc.integer({ min: 1, max: Math.max(validJws.length - 1, 1) }), fc.constantFrom(' ', '\n', '\r\n', '\t'))
      .map(([index, space]) => `${validJws.slice(0, index)}${space}${validJws.slice(index)}`),
    // Not a JWS at all.
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom('', ' ', 'null', 'undefined', '{"software_statement":"x"}', 'eyJ', 'Bearer x.y.z'),
  );
}
