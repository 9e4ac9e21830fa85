import type { DistinguishedName, DistinguishedNameAttribute } from './parse-distinguished-name';

/**
 * Whether two distinguished names hold the same attributes (OB-RULES transport certificate: compare
 * DNs as sets of attributes, not as strings): order and RDN grouping are ignored, types compare by
 * OID, and text values by RFC 4518-style caseIgnoreMatch (case, Unicode compatibility forms and runs
 * of spaces do not matter), the matching rule X.520 gives every attribute a DN carries.
 */
export function distinguishedNamesEqual(left: DistinguishedName, right: DistinguishedName): boolean {
  const leftKeys = attributeKeys(left);
  const rightKeys = attributeKeys(right);
  return leftKeys.length === rightKeys.length && leftKeys.every((key, index) => key === rightKeys[index]);
}

function attributeKeys(name: DistinguishedName): string[] {
  return name
    .flat()
    .map(attributeKey)
    .sort();
}

function attributeKey(attribute: DistinguishedNameAttribute): string {
  const value = attribute.isBer ? `#${attribute.value}` : `=${normaliseText(attribute.value)}`;
  return `${attribute.type}\u0000${value}`;
}

function normaliseText(value: string): string {
  return value.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}
