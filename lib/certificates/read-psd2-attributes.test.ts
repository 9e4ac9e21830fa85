import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';

import { createPsd2QcStatements, psd2RolesFor } from '@/directory/pki/create-psd2-qc-statements';
import { createStatusTestAuthority, type StatusTestAuthority } from '@/lib/testing/certificate-status/create-status-test-pki';
import { QC_STATEMENTS_OID, readPsd2Attributes, rolesNotGranted } from './read-psd2-attributes';
import { readCertificate } from './read-certificate';
import { x509 } from './x509';

let ca: StatusTestAuthority;
const OBWAC_SUBJECT = 'C=GB, O=Acme Payments Ltd, 2.5.4.97=PSDGB-OB-Unknown0015800001ACMEPAYS, CN=0015800001ACMEPAYS';
const FCA = { ncaName: 'Financial Conduct Authority', ncaId: 'GB-FCA' };

beforeAll(async () => {
  ca = await createStatusTestAuthority('PSD2 Test CA');
});

async function read(qcStatements: ArrayBuffer | null, subject = OBWAC_SUBJECT) {
  const extensions = qcStatements === null ? [] : [new x509.Extension(QC_STATEMENTS_OID, false, qcStatements)];
  const certificate = await ca.issue({ subject, extensions });
  return readPsd2Attributes(certificate, readCertificate(certificate.toString('pem')).subject);
}

// A qcStatements value written by hand in asn1js, for encodings the builder does not make.
function statements(...items: asn1js.AsnType[]): ArrayBuffer {
  return new asn1js.Sequence({ value: items }).toBER(false);
}
function psd2Statement(info: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.19495.2' }), info] });
}
function role(oid: string, name: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), name] });
}
const utf8 = (value: string) => new asn1js.Utf8String({ value });

describe('readPsd2Attributes', () => {
  it('reads the roles, the NCA and the organizationIdentifier of an OBWAC', async () => {
    expect(await read(createPsd2QcStatements({ roles: psd2RolesFor(['AISP', 'PISP']), ...FCA }))).toEqual({
      kind: 'psd2',
      attributes: {
        roles: [
          { oid: '0.4.0.19495.1.3', name: 'PSP_AI', obRole: 'AISP' },
          { oid: '0.4.0.19495.1.2', name: 'PSP_PI', obRole: 'PISP' },
        ],
        ncaName: 'Financial Conduct Authority',
        ncaId: 'GB-FCA',
        organizationIdentifier: { value: 'PSDGB-OB-Unknown0015800001ACMEPAYS', country: 'GB', nca: 'OB', reference: 'Unknown0015800001ACMEPAYS' },
      },
    });
  });

  it.each([
    ['a Polish identifier', 'PSDPL-PFSA-1234567890', { country: 'PL', nca: 'PFSA', reference: '1234567890' }],
    ['a reference with spaces and hyphens', 'PSDDE-BAFIN-12 34-56', { country: 'DE', nca: 'BAFIN', reference: '12 34-56' }],
  ])('reads %s', async (_label, identifier, expected) => {
    const reading = await read(createPsd2QcStatements({ roles: psd2RolesFor(['AISP']), ...FCA }), `C=GB, O=Test, 2.5.4.97=${identifier}, CN=0015800001TESTORG`);
    expect(reading.kind === 'psd2' && reading.attributes.organizationIdentifier).toEqual({ value: identifier, ...expected });
  });

  it('leaves an organizationIdentifier of another form unread', async () => {
    const reading = await read(createPsd2QcStatements({ roles: psd2RolesFor(['AISP']), ...FCA }), 'C=GB, O=Test, 2.5.4.97=VATGB-123456789, CN=X');
    expect(reading.kind === 'psd2' && reading.attributes.organizationIdentifier).toBeNull();
  });

  it('reads names written as PrintableString, and keeps a role OID TS 119 495 does not define, granting nothing', async () => {
    const reading = await read(
      createPsd2QcStatements({ roles: [...psd2RolesFor(['CBPII']), { oid: '1.2.3.4', name: 'PSP_XX' }], ...FCA, stringType: 'printable' }),
    );
    expect(reading).toMatchObject({
      kind: 'psd2',
      attributes: { roles: [{ name: 'PSP_IC', obRole: 'CBPII' }, { oid: '1.2.3.4', name: 'PSP_XX', obRole: null }], ncaId: 'GB-FCA' },
    });
  });

  it('finds no PSD2 statement in a legacy OB certificate, or in qcStatements without one', async () => {
    expect(await read(null)).toEqual({ kind: 'none' });
    const qcCompliance = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.1862.1.1' })] });
    expect(await read(statements(qcCompliance))).toEqual({ kind: 'none' });
  });

  it.each<[string, () => ArrayBuffer, string]>([
    ['bytes after the value', () => new Uint8Array([...new Uint8Array(createPsd2QcStatements({ roles: psd2RolesFor(['AISP']), ...FCA })), 0]).buffer, 'qcStatements has bytes after its value'],
    ['a statement that is not a SEQUENCE', () => statements(new asn1js.Integer({ value: 1 })), 'a QCStatement is not a SEQUENCE'],
    ['no nCAId', () => statements(psd2Statement(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [role('0.4.0.19495.1.3', utf8('PSP_AI'))] }), utf8('FCA')] }))), 'nCAId is not a string'],
    ['no roles', () => statements(psd2Statement(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [] }), utf8('FCA'), utf8('GB-FCA')] }))), 'rolesOfPSP is empty'],
    ['an empty role name', () => statements(psd2Statement(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [role('0.4.0.19495.1.3', utf8(' '))] }), utf8('FCA'), utf8('GB-FCA')] }))), 'roleOfPspName is empty'],
    ['a role name that is a number', () => statements(psd2Statement(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [role('0.4.0.19495.1.3', new asn1js.Integer({ value: 3 }))] }), utf8('FCA'), utf8('GB-FCA')] }))), 'roleOfPspName is not a string'],
    [
      'the PSD2 statement twice',
      () => {
        const info = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [role('0.4.0.19495.1.3', utf8('PSP_AI'))] }), utf8('FCA'), utf8('GB-FCA')] });
        return statements(psd2Statement(info), psd2Statement(info));
      },
      'the PSD2 statement occurs twice',
    ],
  ])('calls qcStatements with %s unreadable, saying why', async (_label, value, problem) => {
    expect(await read(value())).toEqual({ kind: 'unreadable', problem });
  });
});

describe('rolesNotGranted', () => {
  it('names the software roles the PSD2 statement does not grant', async () => {
    const reading = await read(createPsd2QcStatements({ roles: psd2RolesFor(['AISP']), ...FCA }));
    if (reading.kind !== 'psd2') throw new Error('no PSD2 statement');
    expect(rolesNotGranted(['AISP'], reading.attributes)).toEqual([]);
    expect(rolesNotGranted(['AISP', 'PISP', 'CBPII'], reading.attributes)).toEqual(['PISP', 'CBPII']);
  });
});
