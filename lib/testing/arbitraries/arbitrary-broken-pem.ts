import fc from 'fast-check';

const toPem = (der: Uint8Array, label = 'CERTIFICATE'): string => {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
};

const WRONG_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'PUBLIC KEY', 'X509 CRL', 'CERTIFICATE REQUEST', 'TRUSTED CERTIFICATE', 'certificate', 'CERTIFICATE '];

/**
 * Certificates that are broken in one way, derived from `validPem` (one PEM certificate): DER truncated,
 * bit-flipped, or with bytes before or after it; the wrong PEM label, mismatched or missing armour lines;
 * base64 that is garbage, base64url, or has characters outside base64; two certificates where one is
 * expected; raw DER bytes instead of PEM. None of them is the valid certificate.
 */
export function arbitraryBrokenPem(validPem: string): fc.Arbitrary<string> {
  const body = validPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const der = new Uint8Array(Buffer.from(body, 'base64'));
  return fc.oneof(
    fc.nat({ max: der.length - 1 }).map((length) => toPem(der.subarray(0, length))),
    fc.tuple(fc.nat({ max: der.length - 1 }), fc.integer({ min: 0, max: 7 })).map(([index, bit]) => {
      const flipped = new Uint8Array(der);
      flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
      return toPem(flipped);
    }),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => toPem(new Uint8Array([...der, ...extra]))),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => toPem(new Uint8Array([...extra, ...der]))),
    fc.constantFrom(...WRONG_LABELS).map((label) => toPem(der, label)),
    fc.constant(toPem(der).replace('-----END CERTIFICATE-----', '-----END PUBLIC KEY-----')),
    fc.constant(toPem(der).replace(/-----END CERTIFICATE-----\n$/, '')),
    fc.constant(toPem(der).replace(/^-----BEGIN CERTIFICATE-----\n/, '')),
    fc.constant(`${validPem}${validPem}`),
    fc.uint8Array({ maxLength: 600 }).map((garbage) => toPem(garbage)),
    fc.constant(`-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64url')}\n-----END CERTIFICATE-----\n`),
    fc
      .tuple(fc.nat({ max: body.length - 1 }), fc.constantFrom('!', '*', '-', '_', '.', 'é', '\u0000'))
      .map(([index, character]) => `-----BEGIN CERTIFICATE-----\n${body.slice(0, index)}${character}${body.slice(index + 1)}\n-----END CERTIFICATE-----\n`),
    fc.constant('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'),
    fc.constant('-----BEGIN CERTIFICATE-----\n====\n-----END CERTIFICATE-----\n'),
    fc.constant(Buffer.from(der).toString('latin1')),
  );
}
