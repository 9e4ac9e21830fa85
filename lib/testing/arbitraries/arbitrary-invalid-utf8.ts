import fc from 'fast-check';

// Byte sequences no UTF-8 decoder may accept (RFC 3629 §3, Unicode Table 3-7): stray continuation bytes,
// overlong forms, UTF-16 surrogates, code points above U+10FFFF, bytes that never occur, and multi-byte
// sequences cut short (each is followed by ASCII or the end, never by a continuation byte).
const INVALID_SEQUENCES: readonly number[][] = [
  [0x80],
  [0xbf],
  [0x80, 0x80],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xf0, 0x80, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
];

/**
 * Byte strings that are not valid UTF-8: `text` (default: random ASCII) with one to three invalid
 * sequences inserted at code point boundaries, so the text around them can never complete them.
 */
export function arbitraryInvalidUtf8(text?: string): fc.Arbitrary<Uint8Array> {
  const base = text === undefined ? fc.string({ unit: 'binary-ascii', maxLength: 60 }) : fc.constant(text);
  return base.chain((around) => {
    const codePoints = [...around];
    const insertion = fc.tuple(fc.nat({ max: codePoints.length }), fc.constantFrom(...INVALID_SEQUENCES));
    // At most one insertion per position: two adjacent ones could complete each other (E2 82 + 80 is "€").
    return fc.uniqueArray(insertion, { minLength: 1, maxLength: 3, selector: ([index]) => index }).map((insertions) => {
      const parts: Buffer[] = codePoints.map((codePoint) => Buffer.from(codePoint, 'utf8'));
      const chunks: Buffer[][] = parts.map((part) => [part]);
      chunks.push([]);
      for (const [index, bytes] of insertions) chunks[index]?.unshift(Buffer.from(bytes));
      return new Uint8Array(Buffer.concat(chunks.flat()));
    });
  });
}
