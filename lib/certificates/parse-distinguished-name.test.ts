import { describe, expect, it } from 'vitest';

import { parseDistinguishedName, type DistinguishedName } from './parse-distinguished-name';

const CN = '2.5.4.3';
const OU = '2.5.4.11';
const O = '2.5.4.10';
const C = '2.5.4.6';
const OI = '2.5.4.97';
const a = (type: string, value: string) => ({ type, value });

describe('parseDistinguishedName', () => {
  it.each<[string, string, DistinguishedName]>([
    ['an OB legacy subject', 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB', [[a(CN, 'TestSoftware0001')], [a(OU, '0015800001TESTORG')], [a(O, 'OpenBanking')], [a(C, 'GB')]]],
    ['spaces around separators (RFC 1779, OpenSSL)', ' CN = x ,  OU=y , C = GB ', [[a(CN, 'x')], [a(OU, 'y')], [a(C, 'GB')]]],
    ['type names in any case, and long names', 'cn=x,organizationalUnitName=y,Cn=z', [[a(CN, 'x')], [a(OU, 'y')], [a(CN, 'z')]]],
    ['organizationIdentifier by name and by OID', 'organizationIdentifier=PSDGB-OB-Unknown1,2.5.4.97=PSDGB-OB-Unknown2', [[a(OI, 'PSDGB-OB-Unknown1')], [a(OI, 'PSDGB-OB-Unknown2')]]],
    ['a multi-valued RDN', 'CN=x+OU=y,C=GB', [[a(CN, 'x'), a(OU, 'y')], [a(C, 'GB')]]],
    ['escaped specials', 'CN=a\\,b\\+c\\;d\\<e\\>f\\"g\\\\h\\=i', [[a(CN, 'a,b+c;d<e>f"g\\h=i')]]],
    ['a leading # and leading/trailing spaces, escaped', 'CN=\\#x,O=\\ y\\ ', [[a(CN, '#x')], [a(O, ' y ')]]],
    ['hex-escaped UTF-8', 'CN=Caf\\C3\\A9', [[a(CN, 'Café')]]],
    ['raw UTF-8', 'O=Zürich Bank,CN=银行', [[a(O, 'Zürich Bank')], [a(CN, '银行')]]],
    ['an unescaped "=" and "#" inside a value', 'CN=a=b#c', [[a(CN, 'a=b#c')]]],
    ['a quoted value (RFC 1779)', 'O="Acme, Inc.",C=GB', [[a(O, 'Acme, Inc.')], [a(C, 'GB')]]],
    ['a #hex BER UTF8String, read as its text', 'CN=#0c03616263', [[a(CN, 'abc')]]],
    ['a #hex BER PrintableString', 'C=#13024742', [[a(C, 'GB')]]],
    ['a #hex value that is not a string, kept as BER', '1.2.3.4=#0401ff', [[{ type: '1.2.3.4', value: '0401ff', isBer: true }]]],
    ['unescaped trailing spaces dropped', 'CN=abc   ', [[a(CN, 'abc')]]],
  ])('reads %s', (_label, text, expected) => {
    expect(parseDistinguishedName(text)).toEqual(expected);
  });

  it.each([
    ['an empty string', ''],
    ['blanks only', '   '],
    ['no "="', 'garbage'],
    ['trailing garbage after a valid RDN', 'CN=abc,garbage'],
    ['an unknown type name', 'foo=bar'],
    ['an OID with a leading zero', '2.05.4.3=x'],
    ['an empty value', 'CN=,O=x'],
    ['an empty RDN', 'CN=a,,O=b'],
    ['a trailing comma', 'CN=a,'],
    ['a leading "+"', '+CN=a'],
    ['an unescaped ";"', 'CN=a;O=b'],
    ['an unescaped "<"', 'CN=a<b'],
    ['an unescaped double quote inside a value', 'CN=a"b'],
    ['a bad escape', 'CN=a\\xb'],
    ['a dangling backslash', 'CN=a\\'],
    ['an unterminated quote', 'O="Acme'],
    ['odd-length hex', 'CN=#0c0'],
    ['hex escapes that are not UTF-8', 'CN=\\ff\\fe'],
    ['malformed BER in a string type', 'CN=#0c05616263'],
    ['OpenSSL\'s slash form', '/C=GB/O=OpenBanking/CN=x'],
  ])('refuses %s', (_label, text) => {
    expect(parseDistinguishedName(text)).toBeNull();
  });
});
