import { ATTRIBUTE_TYPE_OIDS } from './attribute-types';
import { x509 } from './x509';

/**
 * One attribute of a distinguished name: its type as a dotted OID and its value as text; with
 * `isBer`, the value was not a string and `value` is the lower-case hex of its BER encoding.
 */
export type DistinguishedNameAttribute = { type: string; value: string; isBer?: true };

/**
 * A distinguished name in RFC 4514 order (most specific first, the reverse of the DER order):
 * a list of relative distinguished names, each a set of one or more attributes.
 */
export type DistinguishedName = DistinguishedNameAttribute[][];

const TYPE = /[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))+/y;
const HEX_STRING = /#((?:[0-9A-Fa-f]{2})+)/y;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
// RFC 4514 §3: after a backslash, one of these stands for itself.
const ESCAPABLE = new Set(['\\', '"', '+', ',', ';', '<', '>', ' ', '#', '=']);
// RFC 4514 §2.4: these must be escaped inside a value (`+` and `,` end the value instead).
const MUST_BE_ESCAPED = new Set(['"', ';', '<', '>']);
// ASN.1 tags of the string types an attribute value may carry (X.520 DirectoryString, IA5String).
const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1c, 0x1e]);
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses an RFC 4514 distinguished name string (`CN=…,OU=…,O=OpenBanking,C=GB`) into attributes, or
 * null when it is not one. Type names are case-insensitive and resolve to OIDs; spaces around `,`,
 * `+` and `=` are tolerated (OpenSSL and RFC 1779 write them), quoted values too; anything else
 * malformed (unknown type, unescaped special, bad escape, empty value) is refused.
 */
export function parseDistinguishedName(text: string): DistinguishedName | null {
  // @peculiar/x509's own string parser silently drops what it cannot read ("CN=a,garbage" → CN=a)
  // and knows only upper-case short names, so the syntax is checked here; x509 decodes `#hex` values.
  const rdns: DistinguishedName = [];
  let rdn: DistinguishedNameAttribute[] = [];
  let index = skipSpaces(text, 0);
  if (index === text.length) return null;
  for (;;) {
    TYPE.lastIndex = index;
    const typeMatch = TYPE.exec(text);
    if (!typeMatch) return null;
    const type = resolveType(typeMatch[0]);
    index = skipSpaces(text, TYPE.lastIndex);
    if (type === null || text[index] !== '=') return null;
    const value = readValue(text, type, skipSpaces(text, index + 1));
    if (value === null) return null;
    rdn.push(value.attribute);
    index = skipSpaces(text, value.end);
    if (index === text.length) {
      rdns.push(rdn);
      return rdns;
    }
    const separator = text[index];
    index = skipSpaces(text, index + 1);
    if (separator === ',') {
      rdns.push(rdn);
      rdn = [];
    } else if (separator !== '+') {
      return null;
    }
  }
}

function skipSpaces(text: string, index: number): number {
  let position = index;
  while (text[position] === ' ') position += 1;
  return position;
}

function resolveType(name: string): string | null {
  if (/^\d/.test(name)) return name;
  return ATTRIBUTE_TYPE_OIDS[name.toLowerCase()] ?? null;
}

type ParsedValue = { attribute: DistinguishedNameAttribute; end: number };

function readValue(text: string, type: string, start: number): ParsedValue | null {
  if (text[start] === '#') return readHexValue(text, type, start);
  const quoted = text[start] === '"';
  const bytes: number[] = [];
  // Unescaped trailing spaces are not part of an unquoted value (RFC 4514 §2.4).
  let significantLength = 0;
  let index = quoted ? start + 1 : start;
  for (;;) {
    const char = text[index];
    if (char === undefined) {
      if (quoted) return null;
      break;
    }
    if (quoted ? char === '"' : char === ',' || char === '+') {
      if (quoted) index += 1;
      break;
    }
    if (char === '\\') {
      const pair = text.slice(index + 1, index + 3);
      const next = text[index + 1];
      if (HEX_PAIR.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        index += 3;
      } else if (next !== undefined && ESCAPABLE.has(next)) {
        bytes.push(next.charCodeAt(0));
        index += 2;
      } else {
        return null;
      }
      significantLength = bytes.length;
      continue;
    }
    if (!quoted && MUST_BE_ESCAPED.has(char)) return null;
    const codePoint = text.codePointAt(index) ?? 0;
    if (codePoint < 0x80) {
      // ASCII, nearly every character of a DN, is its own UTF-8 byte.
      bytes.push(codePoint);
      index += 1;
    } else {
      const character = String.fromCodePoint(codePoint);
      bytes.push(...utf8.encode(character));
      index += character.length;
    }
    if (quoted || char !== ' ') significantLength = bytes.length;
  }
  let value: string;
  try {
    value = strictUtf8.decode(new Uint8Array(bytes.slice(0, significantLength)));
  } catch {
    return null;
  }
  // X.520 string attributes have at least one character.
  if (value === '') return null;
  return { attribute: { type, value }, end: index };
}

function readHexValue(text: string, type: string, start: number): ParsedValue | null {
  HEX_STRING.lastIndex = start;
  const match = HEX_STRING.exec(text);
  if (!match?.[1]) return null;
  const hex = match[1].toLowerCase();
  const end = HEX_STRING.lastIndex;
  // RFC 4514 §2.4: `#hex` is the BER encoding of the value. A string type becomes its text, so that
  // `CN=#0c03616263` equals `CN=abc`; x509 decodes it (and refuses a malformed encoding).
  if (!STRING_TAGS.has(Number.parseInt(hex.slice(0, 2), 16))) return { attribute: { type, value: hex, isBer: true }, end };
  try {
    const encoded = new x509.Name([{ [type]: [`#${hex}`] }]).toArrayBuffer();
    const [decoded] = new x509.Name(encoded).getField(type);
    return decoded ? { attribute: { type, value: decoded }, end } : null;
  } catch {
    return null;
  }
}
