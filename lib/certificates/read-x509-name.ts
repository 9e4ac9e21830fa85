import { parseDistinguishedName, type DistinguishedName } from './parse-distinguished-name';
import type { x509 } from './x509';

/** Reads a certificate's subject or issuer name into attributes, in RFC 4514 order (most specific first); throws if it cannot. */
export function readX509Name(name: x509.Name): DistinguishedName {
  // `toJSON()` cannot tell a string that begins with "#" from a value that is not a string (it writes
  // both as "#…"); `toString()` escapes the former, so the one parser reads it. It lists RDNs in DER order.
  const text = name.toString();
  if (text === '') return [];
  const parsed = parseDistinguishedName(text);
  if (parsed === null) throw new Error('the certificate name could not be read');
  return parsed.reverse();
}
