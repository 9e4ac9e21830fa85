import { describe, expect, it } from 'vitest';

import { formatDistinguishedName } from './format-distinguished-name';
import { parseDistinguishedName, type DistinguishedName } from './parse-distinguished-name';
import { x509 } from './x509';

describe('formatDistinguishedName', () => {
  it.each<[string, DistinguishedName, string]>([
    [
      'RFC 4514 short names, most specific first, no spaces',
      [[{ type: '2.5.4.3', value: 'TestSoftware0001' }], [{ type: '2.5.4.11', value: '0015800001TESTORG' }], [{ type: '2.5.4.10', value: 'OpenBanking' }], [{ type: '2.5.4.6', value: 'GB' }]],
      'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB',
    ],
    ['types outside RFC 4514\'s table as OIDs', [[{ type: '2.5.4.97', value: 'PSDGB-OB-Unknown1' }]], '2.5.4.97=PSDGB-OB-Unknown1'],
    ['multi-valued RDNs with "+"', [[{ type: '2.5.4.3', value: 'x' }, { type: '2.5.4.11', value: 'y' }]], 'CN=x+OU=y'],
    ['escaped specials', [[{ type: '2.5.4.3', value: 'a,b+c;d<e>f"g\\h' }]], 'CN=a\\,b\\+c\\;d\\<e\\>f\\"g\\\\h'],
    ['a leading "#" and space, a trailing space', [[{ type: '2.5.4.3', value: '#x' }], [{ type: '2.5.4.10', value: ' y ' }]], 'CN=\\#x,O=\\ y\\ '],
    ['BER values as #hex', [[{ type: '1.2.3.4', value: '0401ff', isBer: true }]], '1.2.3.4=#0401ff'],
  ])('writes %s', (_label, name, expected) => {
    expect(formatDistinguishedName(name)).toBe(expected);
  });

  it.each(['CN=a\\,b+OU=c,O=\\#d,C=GB', 'CN=\\ lead and trail\\ ,2.5.4.97=PSDGB-OB-Unknown0015800001TESTORG', 'CN=Café 银行'])(
    'round-trips %s',
    (text) => {
      const parsed = parseDistinguishedName(text);
      expect(parsed).not.toBeNull();
      expect(parseDistinguishedName(formatDistinguishedName(parsed!))).toEqual(parsed);
      expect(formatDistinguishedName(parsed!)).toBe(text);
    },
  );

  it('writes an x509 Name (DER order C, O, OU, CN) most specific first', () => {
    const name = new x509.Name('C=GB, O=OpenBanking, OU=0015800001TESTORG, CN=TestSoftware0001');
    expect(formatDistinguishedName(name)).toBe('CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB');
  });
});
