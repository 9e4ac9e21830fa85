import { ATTRIBUTE_OIDS } from './attribute-types';
import type { DistinguishedName } from './parse-distinguished-name';
import { readOrganizationIdentifier } from './read-psd2-attributes';
import { singleAttributeValue } from './single-attribute-value';

/** Which OB certificate profile a subject matched: legacy OB transport, or OBWAC/eIDAS QWAC. */
export type CertificateSubjectProfile = 'ob_legacy' | 'obwac';


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
  const commonName = singleAttributeValue(subject, ATTRIBUTE_OIDS.commonName);
  // Identifiers compare exactly: the directory writes them verbatim, and software ids are case-sensitive.
  if (commonName === software.software_id && singleAttributeValue(subject, ATTRIBUTE_OIDS.organizationalUnitName) === software.org_id) {
    return 'ob_legacy';
  }
  // The OB Directory's OBWAC check: "the ETSI organizationIdentifier in its own field, and OB org ID in the CN".
  if (singleAttributeValue(subject, ATTRIBUTE_OIDS.organizationIdentifier) === null) return null;
  if (commonName === software.org_id) return 'obwac';
  // ETSI TS 119 495 §5.2.1. The OB Directory issues OBWACs under NCA id "OB", with reference "Unknown<org_id>" for
  // firms it has no NCA reference for (e.g. PSDGB-OB-Unknown0015800001HQQrZAAX).
  const identifier = readOrganizationIdentifier(subject);
  const reference = identifier?.nca === 'OB' ? identifier.reference : undefined;
  return reference === software.org_id || reference === `Unknown${software.org_id}` ? 'obwac' : null;
}
