import { describe, expect, it } from 'vitest';

import { distinguishedNamesEqual } from './distinguished-names-equal';
import { parseDistinguishedName } from './parse-distinguished-name';

const LEGACY = 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB';

function equal(left: string, right: string): boolean {
  const [a, b] = [parseDistinguishedName(left), parseDistinguishedName(right)];
  if (!a || !b) throw new Error(`not a DN: ${a ? right : left}`);
  return distinguishedNamesEqual(a, b);
}

describe('distinguishedNamesEqual', () => {
  it.each([
    ['the same string', LEGACY, LEGACY],
    ['reversed (DER order, as OpenSSL prints it)', LEGACY, 'C=GB,O=OpenBanking,OU=0015800001TESTORG,CN=TestSoftware0001'],
    ['spaces after commas', LEGACY, 'CN=TestSoftware0001, OU=0015800001TESTORG, O=OpenBanking, C=GB'],
    ['type names in other cases and long forms', LEGACY, 'commonName=TestSoftware0001,ou=0015800001TESTORG,organizationName=OpenBanking,countryName=GB'],
    ['OIDs for short names', LEGACY, '2.5.4.3=TestSoftware0001,2.5.4.11=0015800001TESTORG,2.5.4.10=OpenBanking,2.5.4.6=GB'],
    ['organizationIdentifier by name and OID', 'CN=a,organizationIdentifier=PSDGB-OB-Unknown1', 'CN=a,2.5.4.97=PSDGB-OB-Unknown1'],
    ['values differing in case (caseIgnoreMatch)', 'CN=abc,O=OpenBanking', 'CN=ABC,O=openbanking'],
    ['values differing in inner and outer spaces', 'O=Open  Banking', 'O=\\ Open Banking'],
    ['a multi-valued RDN in either order', 'CN=x+OU=y,C=GB', 'C=GB,OU=y+CN=x'],
    ['a #hex string value and its text', 'CN=abc', 'CN=#0c03616263'],
  ])('matches %s', (_label, left, right) => {
    expect(equal(left, right)).toBe(true);
  });

  it.each([
    ['a different value', LEGACY, 'CN=TestSoftware0002,OU=0015800001TESTORG,O=OpenBanking,C=GB'],
    ['a missing attribute', LEGACY, 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking'],
    ['an extra attribute', LEGACY, `${LEGACY},L=London`],
    ['a repeated attribute', 'CN=a,O=b', 'CN=a,CN=a,O=b'],
    ['the same values under swapped types', 'CN=a,OU=b', 'CN=b,OU=a'],
    ['a value that is a prefix', 'CN=abc', 'CN=ab'],
    ['a BER value and a string', '1.2.3.4=#0401ff', '1.2.3.4=ff'],
  ])('does not match %s', (_label, left, right) => {
    expect(equal(left, right)).toBe(false);
  });
});
