import fc from 'fast-check';

import { arbitraryBrokenPem } from './arbitrary-broken-pem';

// Header values may hold any byte but NUL, CR and LF (Fetch "header value"); here, Latin-1 without them.
const headerCharacter = fc.integer({ min: 1, max: 0xff }).filter((code) => code !== 0x0a && code !== 0x0d).map((code) => String.fromCharCode(code));

/**
 * Values of the forwarded client certificate header (`MTLS_CERT_HEADER`, a URL-encoded PEM) that a broken
 * or hostile terminator could send: percent-encoding that does not decode (`%zz`, `%C0%80`, a cut `%E2%82`),
 * a broken certificate (`arbitraryBrokenPem` of `validPem`) encoded, the valid PEM encoded twice, twice
 * over (a chain), or with text before it; empty or blank values, very long ones, and random Latin-1. None
 * of them forwards the valid certificate; every value is one `new Headers()` accepts.
 */
export function arbitraryOddCertificateHeader(validPem: string): fc.Arbitrary<string> {
  const encoded = encodeURIComponent(validPem);
  return fc.oneof(
    fc.constantFrom('%', '%zz', '%C0%80', '%E2%82', '%ED%A0%80', '%FF', `${encoded}%`, `${encoded.slice(0, -1)}%E2%82`),
    arbitraryBrokenPem(validPem).map((pem) => encodeURIComponent(pem)),
    fc.constant(encodeURIComponent(encoded)),
    fc.constant(`${encoded}${encoded}`),
    fc.constantFrom('subject=CN%3Dx%0A', 'garbage ', '%0A%0Ax').map((text) => `${text}${encoded}`),
    fc.constantFrom(' ', '\t', 'null', 'undefined', '(null)', '-', '""', '-----BEGIN CERTIFICATE----------END CERTIFICATE-----'),
    fc.integer({ min: 1_000, max: 20_000 }).map((length) => 'A'.repeat(length)),
    fc.array(headerCharacter, { minLength: 1, maxLength: 200 }).map((characters) => characters.join('')),
  );
}
