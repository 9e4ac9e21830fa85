import { ATTRIBUTE_OIDS } from './attribute-types';
import type { DistinguishedName } from './parse-distinguished-name';

/** Which OB certificate profile a subject matched: legacy OB transport, or OBWAC/eIDAS QWAC. */
export type CertificateSubjectProfile = 'ob_legacy' | 'obwac';

// ETSI TS 119 495 §5.2.1: "PSD" + ISO 3166 country + "-" + NCA id + "-" + the PSP's reference. The OB
// Directory issues OBWACs under NCA id "OB", with reference "Unknown<org_id>" for firms it has no NCA
// reference for (e.g. PSDGB-OB-Unknown0015800001HQQrZAAX).
const OB_ORGANIZATION_IDENTIFIER = /^PSD[A-Z]{2}-OB-(.+)$/;

/**
 * Which profile shows that a certificate subject belongs to the software, or null if none does
 * (OB-RULES transport certificate): legacy OB certificates carry `CN = software_id` and
 * `OU = org_id`; OBWAC/eIDAS certificates carry an `organizationIdentifier` (2.5.4.97) and the org id
 * in `CN`, or in that identifier as `PSD<country>-OB-<org_id>` / `PSD<country>-OB-Unknown<org_id>`.
 */
export function matchCertificateSubject(
  subject: DistinguishedName,
  software: { software_id: string; org_id: string },
): CertificateSubjectProfile | null {
  const commonName = singleValue(subject, ATTRIBUTE_OIDS.commonName);
  // Identifiers compare exactly: the directory writes them verbatim, and software ids are case-sensitive.
  if (commonName === software.software_id && singleValue(subject, ATTRIBUTE_OIDS.organizationalUnitName) === software.org_id) {
    return 'ob_legacy';
  }
  // The OB Directory's OBWAC check: "the ETSI organizationIdentifier in its own field, and OB org ID in the CN".
  const organizationIdentifier = singleValue(subject, ATTRIBUTE_OIDS.organizationIdentifier);
  if (organizationIdentifier === null) return null;
  if (commonName === software.org_id) return 'obwac';
  const reference = OB_ORGANIZATION_IDENTIFIER.exec(organizationIdentifier)?.[1];
  return reference === software.org_id || reference === `Unknown${software.org_id}` ? 'obwac' : null;
}

// An attribute that occurs twice is ambiguous: it never identifies the software.
function singleValue(name: DistinguishedName, type: string): string | null {
  const values = name.flat().filter((attribute) => attribute.type === type && !attribute.isBer);
  return values.length === 1 && values[0] ? values[0].value.trim() : null;
}
