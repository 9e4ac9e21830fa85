import * as asn1js from 'asn1js';

import { ATTRIBUTE_OIDS } from './attribute-types';
import type { DistinguishedName } from './parse-distinguished-name';
import { singleAttributeValue } from './single-attribute-value';
import type { x509 } from './x509';

/** RFC 3739 qcStatements, the extension an eIDAS qualified certificate carries its statements in. */
export const QC_STATEMENTS_OID = '1.3.6.1.5.5.7.1.3';
/** ETSI TS 119 495 §5.1: id-etsi-psd2-qcStatement, whose PSD2QcType names the PSP's roles and its NCA. */
export const PSD2_QC_STATEMENT_OID = '0.4.0.19495.2';

/** TS 119 495 §5.2.2: the role OIDs and names, and the OB software role each stands for. */
export const PSD2_ROLES = {
  '0.4.0.19495.1.1': { name: 'PSP_AS', obRole: 'ASPSP' },
  '0.4.0.19495.1.2': { name: 'PSP_PI', obRole: 'PISP' },
  '0.4.0.19495.1.3': { name: 'PSP_AI', obRole: 'AISP' },
  '0.4.0.19495.1.4': { name: 'PSP_IC', obRole: 'CBPII' },
} as const;

/** One role of the PSD2 statement: its OID and name as written, and the OB role it grants (null: an OID TS 119 495 does not define). */
export type Psd2Role = { oid: string; name: string; obRole: string | null };

/** TS 119 495 §5.2.1 organizationIdentifier: `PSD` + country + `-` + NCA id + `-` + the PSP's reference at the NCA. */
export type Psd2OrganizationIdentifier = { value: string; country: string; nca: string; reference: string };

/** What an eIDAS/OBWAC certificate says of its PSP under PSD2, as the bank shows and checks it. */
export type Psd2Attributes = {
  roles: Psd2Role[];
  /** The NCA that authorised the PSP, e.g. "Financial Conduct Authority", and its id, e.g. "GB-FCA". */
  ncaName: string;
  ncaId: string;
  /** The subject's organizationIdentifier (2.5.4.97) read as TS 119 495 writes it; null when absent or of another form. */
  organizationIdentifier: Psd2OrganizationIdentifier | null;
};

/** A certificate's PSD2 statement: none (a legacy OB certificate), read, or present but unreadable (why). */
export type Psd2Reading = { kind: 'none' } | { kind: 'psd2'; attributes: Psd2Attributes } | { kind: 'unreadable'; problem: string };

// "PSD" + ISO 3166 alpha-2 + "-" + 2 to 8 letters + "-" + the reference, which may hold spaces and further hyphens.
const ORGANIZATION_IDENTIFIER = /^PSD([A-Z]{2})-([A-Z]{2,8})-(.+)$/;

/**
 * Reads the PSD2 statement of an eIDAS/OBWAC certificate (ETSI TS 119 495): the qcStatements extension is parsed by
 * asn1js, and of its statements the PSD2 one is read as PSD2QcType — rolesOfPSP, nCAName, nCAId. Strings are
 * accepted in any ASN.1 string type (issuers are not all strict about UTF8String); an unknown role OID is kept with
 * no OB role. Anything else malformed (trailing bytes, a missing field, a statement twice) makes it unreadable.
 */
export function readPsd2Attributes(certificate: x509.X509Certificate, subject: DistinguishedName): Psd2Reading {
  const extension = certificate.extensions.find((candidate) => candidate.type === QC_STATEMENTS_OID);
  if (extension === undefined) return { kind: 'none' };
  try {
    const statements = sequenceItems(parseWhole(extension.value), 'qcStatements');
    const psd2 = statements.filter((statement) => oidOf(sequenceItems(statement, 'a QCStatement')[0]) === PSD2_QC_STATEMENT_OID);
    if (psd2.length === 0) return { kind: 'none' };
    if (psd2.length > 1) throw new Error('the PSD2 statement occurs twice');
    const [, info] = sequenceItems(psd2[0] as asn1js.AsnType, 'the PSD2 QCStatement');
    const [rolesBlock, ncaNameBlock, ncaIdBlock, ...rest] = sequenceItems(info, 'PSD2QcType');
    if (rest.length > 0) throw new Error('PSD2QcType has more than rolesOfPSP, nCAName and nCAId');
    const roles = sequenceItems(rolesBlock, 'rolesOfPSP').map((role) => {
      const [oidBlock, nameBlock, ...more] = sequenceItems(role, 'a RoleOfPSP');
      if (more.length > 0) throw new Error('a RoleOfPSP has more than an OID and a name');
      const oid = oidOf(oidBlock);
      if (oid === null) throw new Error('a RoleOfPSP has no OID');
      return { oid, name: stringOf(nameBlock, 'roleOfPspName'), obRole: oid in PSD2_ROLES ? PSD2_ROLES[oid as keyof typeof PSD2_ROLES].obRole : null };
    });
    if (roles.length === 0) throw new Error('rolesOfPSP is empty');
    return {
      kind: 'psd2',
      attributes: { roles, ncaName: stringOf(ncaNameBlock, 'nCAName'), ncaId: stringOf(ncaIdBlock, 'nCAId'), organizationIdentifier: readOrganizationIdentifier(subject) },
    };
  } catch (error) {
    return { kind: 'unreadable', problem: (error as Error).message };
  }
}

/** The SSA roles the PSD2 statement does not grant (none when it grants all). */
export function rolesNotGranted(softwareRoles: readonly string[], attributes: Psd2Attributes): string[] {
  const granted = new Set(attributes.roles.map((role) => role.obRole));
  return softwareRoles.filter((role) => !granted.has(role));
}

/** The subject's organizationIdentifier in TS 119 495's form, or null. */
export function readOrganizationIdentifier(subject: DistinguishedName): Psd2OrganizationIdentifier | null {
  const value = singleAttributeValue(subject, ATTRIBUTE_OIDS.organizationIdentifier);
  const match = value === null ? null : ORGANIZATION_IDENTIFIER.exec(value);
  return match ? { value: value as string, country: match[1] as string, nca: match[2] as string, reference: (match[3] as string).trim() } : null;
}

function parseWhole(buffer: ArrayBuffer): asn1js.AsnType {
  const parsed = asn1js.fromBER(buffer);
  if (parsed.offset === -1) throw new Error(`qcStatements is not valid BER: ${parsed.result.error}`);
  if (parsed.offset !== buffer.byteLength) throw new Error('qcStatements has bytes after its value');
  return parsed.result;
}

function sequenceItems(block: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(block instanceof asn1js.Sequence)) throw new Error(`${what} is not a SEQUENCE`);
  return block.valueBlock.value;
}

function oidOf(block: asn1js.AsnType | undefined): string | null {
  return block instanceof asn1js.ObjectIdentifier ? block.valueBlock.toString() : null;
}

function stringOf(block: asn1js.AsnType | undefined, what: string): string {
  if (!(block instanceof asn1js.BaseStringBlock)) throw new Error(`${what} is not a string`);
  const value = block.getValue().trim();
  if (value === '') throw new Error(`${what} is empty`);
  return value;
}
