import { describe, expect, it } from 'vitest';

import { matchCertificateSubject, type CertificateSubjectProfile } from './match-certificate-subject';
import { parseDistinguishedName } from './parse-distinguished-name';

const SOFTWARE = { software_id: 'TestSoftware0001', org_id: '0015800001TESTORG' };

describe('matchCertificateSubject', () => {
  it.each<[string, string, CertificateSubjectProfile | null]>([
    ['legacy OB: CN = software_id, OU = org_id', 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB', 'ob_legacy'],
    ['OBWAC: CN = org_id with an organizationIdentifier', 'CN=0015800001TESTORG,2.5.4.97=PSDGB-FCA-123456,O=Test TPP Ltd,C=GB', 'obwac'],
    ['OBWAC: organizationIdentifier PSDGB-OB-Unknown<org_id>', 'CN=tpp.example,organizationIdentifier=PSDGB-OB-Unknown0015800001TESTORG,O=Test TPP Ltd,C=GB', 'obwac'],
    ['OBWAC: organizationIdentifier PSDGB-OB-<org_id>', 'CN=tpp.example,2.5.4.97=PSDGB-OB-0015800001TESTORG,C=GB', 'obwac'],
    ['OBWAC of another EEA country under NCA "OB"', 'CN=tpp.example,2.5.4.97=PSDIE-OB-Unknown0015800001TESTORG', 'obwac'],
    ['legacy with CN and OU swapped', 'CN=0015800001TESTORG,OU=TestSoftware0001,O=OpenBanking,C=GB', null],
    ['legacy for another software of the organisation', 'CN=AnotherSoftware0002,OU=0015800001TESTORG,O=OpenBanking,C=GB', null],
    ['legacy for the software id under another organisation', 'CN=TestSoftware0001,OU=0015800001OTHERORG,O=OpenBanking,C=GB', null],
    ['legacy with two OUs (ambiguous)', 'CN=TestSoftware0001,OU=0015800001TESTORG,OU=0015800001OTHERORG,C=GB', null],
    ['legacy ids in another case (identifiers compare exactly)', 'CN=testsoftware0001,OU=0015800001testorg,C=GB', null],
    ['CN = org_id without an organizationIdentifier (not an OBWAC)', 'CN=0015800001TESTORG,O=Test TPP Ltd,C=GB', null],
    ['a QWAC naming neither id', 'CN=tpp.example,2.5.4.97=PSDGB-FCA-123456,O=Test TPP Ltd,C=GB', null],
    ['the org id under an NCA other than "OB"', 'CN=tpp.example,2.5.4.97=PSDGB-FCA-0015800001TESTORG', null],
    ['the org id as a mere suffix of the reference', 'CN=tpp.example,2.5.4.97=PSDGB-OB-X0015800001TESTORG', null],
    ['another org id in organizationIdentifier', 'CN=tpp.example,2.5.4.97=PSDGB-OB-Unknown0015800001OTHERORG', null],
    ['a subject without CN', 'OU=0015800001TESTORG,O=OpenBanking,C=GB', null],
  ])('%s', (_label, subject, expected) => {
    expect(matchCertificateSubject(parseDistinguishedName(subject)!, SOFTWARE)).toBe(expected);
  });
});
