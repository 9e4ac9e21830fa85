import { RFC4514_SHORT_NAMES } from './attribute-types';
import type { DistinguishedName } from './parse-distinguished-name';
import { readX509Name } from './read-x509-name';
import type { x509 } from './x509';

/**
 * Writes a distinguished name, parsed or straight from a certificate (`certificate.subjectName`), as
 * an RFC 4514 string, most specific first: `CN=…,OU=…,O=OpenBanking,C=GB`.
 */
export function formatDistinguishedName(name: DistinguishedName | x509.Name): string {
  const rdns = Array.isArray(name) ? name : readX509Name(name);
  return rdns
    .map((rdn) =>
      rdn
        .map((attribute) => {
          const type = RFC4514_SHORT_NAMES[attribute.type] ?? attribute.type;
          return `${type}=${attribute.isBer ? `#${attribute.value}` : escapeValue(attribute.value)}`;
        })
        .join('+'),
    )
    .join(',');
}

// RFC 4514 §2.4: escape the specials anywhere, "#" and space in front, space at the end, and NUL.
function escapeValue(value: string): string {
  return value
    .replace(/["+,;<>\\]/g, (char) => `\\${char}`)
    .replace(/\0/g, '\\00')
    .replace(/^[ #]/, (char) => `\\${char}`)
    .replace(/ $/, '\\ ');
}
