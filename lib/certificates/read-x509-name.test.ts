import { describe, expect, it } from 'vitest';

import type { DistinguishedName } from './parse-distinguished-name';
import { readX509Name } from './read-x509-name';
import { x509 } from './x509';

describe('readX509Name', () => {
  it.each<[string, ConstructorParameters<typeof x509.Name>[0], DistinguishedName]>([
    [
      'a legacy OB subject, reversed from DER order',
      'C=GB, O=OpenBanking, OU=0015800001TESTORG, CN=TestSoftware0001',
      [[{ type: '2.5.4.3', value: 'TestSoftware0001' }], [{ type: '2.5.4.11', value: '0015800001TESTORG' }], [{ type: '2.5.4.10', value: 'OpenBanking' }], [{ type: '2.5.4.6', value: 'GB' }]],
    ],
    [
      'values with specials, a leading "#" and spaces, and an organizationIdentifier',
      [{ '2.5.4.6': ['GB'] }, { '2.5.4.97': ['PSDGB-OB-Unknown1'] }, { '2.5.4.10': [{ utf8String: ' Acme, Inc. + "Co" ' }] }, { '2.5.4.3': [{ utf8String: '#not-hex' }] }],
      [[{ type: '2.5.4.3', value: '#not-hex' }], [{ type: '2.5.4.10', value: ' Acme, Inc. + "Co" ' }], [{ type: '2.5.4.97', value: 'PSDGB-OB-Unknown1' }], [{ type: '2.5.4.6', value: 'GB' }]],
    ],
    ['a multi-valued RDN', [{ CN: ['x'], OU: ['y'] }], [[{ type: '2.5.4.3', value: 'x' }, { type: '2.5.4.11', value: 'y' }]]],
    ['a value that is not a string, as BER', [{ '1.2.3.4': ['#0401ff'] }], [[{ type: '1.2.3.4', value: '0401ff', isBer: true }]]],
    ['an empty name', [], []],
  ])('reads %s', (_label, source, expected) => {
    // Through DER, as a certificate's subject arrives.
    const name = new x509.Name(new x509.Name(source).toArrayBuffer());
    expect(readX509Name(name)).toEqual(expected);
  });
});
