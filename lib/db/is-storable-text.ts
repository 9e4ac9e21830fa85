// NUL, and a UTF-16 surrogate that is not half of a pair.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether PostgreSQL text can hold `value` as it is: it holds no NUL, and a lone surrogate is not UTF-8
 * (the query fails, or the driver turns it into U+FFFD and two different values become one).
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}
