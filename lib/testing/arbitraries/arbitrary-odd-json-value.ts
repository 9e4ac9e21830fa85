import fc from 'fast-check';

// Strings that trip naive code: NUL, lone surrogates, a BOM, bidi overrides, zero-width and combining
// characters, line separators that are legal in JSON but not in JavaScript source, case-mapping traps.
const UNICODE_ODDITIES = ['\u0000', '\uD800', '\uDFFF', '\uFEFF', '\u202E', '\u200B', 'e\u0301', '👩‍👩‍👧', '\uFFFD', '\u2028', 'İ', 'ﬀ', '\\u0000', '%00'];

// Numbers at the edges of what JSON, JavaScript dates and database timestamps can hold.
const EDGE_NUMBERS = [0, -0, -1, 0.5, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 8.64e12, 8.64e12 + 1, 1e13, 1e100, -8.64e12 - 1];

/** Nests `leaf` `depth` levels deep in arrays or in objects (`{"a":{"a":…}}`). */
function nest(depth: number, kind: 'array' | 'object', leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/**
 * JSON values that a claim should never be, for mutating valid claims: null, booleans, edge numbers,
 * empty and look-alike strings, unicode oddities, strings of up to 100 000 characters, arrays and objects
 * nested up to 2 000 levels, a `__proto__` key, and random JSON. Every value survives `JSON.stringify`.
 */
export function arbitraryOddJsonValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, '', ' ', '0', 'null', 'true', '[]', '{}', 'undefined', ...EDGE_NUMBERS),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.constantFrom(...UNICODE_ODDITIES), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
    fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'x'.repeat(length)),
    fc.tuple(fc.integer({ min: 50, max: 2_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([depth, kind]) => nest(depth, kind, 'x')),
    fc.integer({ min: 100, max: 5_000 }).map((width) => Object.fromEntries(Array.from({ length: width }, (_, index) => [`k${index}`, index]))),
    fc.constant(JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{}}}') as unknown),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([])), { maxLength: 5 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
}
