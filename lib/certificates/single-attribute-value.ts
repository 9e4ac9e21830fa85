import type { DistinguishedName } from './parse-distinguished-name';

/**
 * The trimmed value of the one attribute of `type` in `name`, or null: an attribute that occurs twice is ambiguous, and
 * one kept as BER (a type whose value is not a string) has no text, so neither identifies anything.
 */
export function singleAttributeValue(name: DistinguishedName, type: string): string | null {
  const values = name.flat().filter((attribute) => attribute.type === type && !attribute.isBer);
  return values.length === 1 && values[0] ? values[0].value.trim() : null;
}
