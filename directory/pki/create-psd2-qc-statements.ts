import * as asn1js from 'asn1js';

/** ETSI TS 119 495 role OIDs of the PSD2 roles, by the OB software role each grants. */
export const PSD2_ROLE_OIDS = { ASPSP: '0.4.0.19495.1.1', PISP: '0.4.0.19495.1.2', AISP: '0.4.0.19495.1.3', CBPII: '0.4.0.19495.1.4' } as const;
/** The role names TS 119 495 pairs with those OIDs. */
export const PSD2_ROLE_NAMES = { ASPSP: 'PSP_AS', PISP: 'PSP_PI', AISP: 'PSP_AI', CBPII: 'PSP_IC' } as const;

const QC_COMPLIANCE = '0.4.0.1862.1.1';
const QC_TYPE = '0.4.0.1862.1.6';
const QC_TYPE_WEB = '0.4.0.1862.1.6.3';
const PSD2_QC_STATEMENT = '0.4.0.19495.2';

/** A role as written into the statement: an OID and a name (a test may write odd ones). */
export type Psd2RoleEntry = { oid: string; name: string };

/** The PSD2 statement of an OBWAC/eIDAS QWAC, and the string type its names are written in. */
export type Psd2StatementOptions = {
  roles: Psd2RoleEntry[];
  ncaName: string;
  ncaId: string;
  /** UTF8String as TS 119 495 says; PrintableString as some issuers write it. */
  stringType?: 'utf8' | 'printable';
};

/** The role entries TS 119 495 defines for OB software roles. */
export function psd2RolesFor(roles: ReadonlyArray<keyof typeof PSD2_ROLE_OIDS>): Psd2RoleEntry[] {
  return roles.map((role) => ({ oid: PSD2_ROLE_OIDS[role], name: PSD2_ROLE_NAMES[role] }));
}

/**
 * The DER value of a qcStatements extension (RFC 3739) as on an OBWAC, the qualified website authentication
 * certificate of a PSP: QcCompliance, QcType web (EN 319 412-5), and the PSD2 statement (TS 119 495 PSD2QcType:
 * rolesOfPSP, nCAName, nCAId). Encoded by asn1js.
 */
export function createPsd2QcStatements(options: Psd2StatementOptions): ArrayBuffer {
  const text = (value: string) => (options.stringType === 'printable' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }));
  const statement = (id: string, info?: asn1js.AsnType) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: id }), ...(info ? [info] : [])] });
  const psd2 = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: options.roles.map((role) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: role.oid }), text(role.name)] })) }),
      text(options.ncaName),
      text(options.ncaId),
    ],
  });
  return new asn1js.Sequence({
    value: [
      statement(QC_COMPLIANCE),
      statement(QC_TYPE, new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: QC_TYPE_WEB })] })),
      statement(PSD2_QC_STATEMENT, psd2),
    ],
  }).toBER(false);
}
