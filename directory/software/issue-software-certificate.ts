import type { DirectoryContext } from '../directory-context';
import { createPsd2QcStatements, psd2RolesFor } from '../pki/create-psd2-qc-statements';
import { issueCertifiedKey, type CertificatePurpose } from '../pki/issue-certified-key';
import { x509 } from '../pki/x509';
import type { CertifiedKey, Software } from '../state/directory-state';
import { softwareCertificateSubject } from './software-certificate-subject';

const QC_STATEMENTS = '1.3.6.1.5.5.7.1.3';
// The sandbox's stand-in for the NCA that authorised its TPPs.
const SANDBOX_NCA = { ncaName: 'Financial Conduct Authority', ncaId: 'GB-FCA' };

/**
 * A new key and certificate of one use for a software, as its profile says: legacy OB certificates name the
 * software (`CN=<software_id>, OU=<org_id>`); an OBWAC's transport certificate names the organisation as the OB
 * Directory's do (`CN=<org_id>`, `organizationIdentifier=PSDGB-OB-Unknown<org_id>`) and carries the PSD2 statement
 * (ETSI TS 119 495) granting the software's roles.
 */
export async function issueSoftwareCertificate(
  context: DirectoryContext,
  software: Pick<Software, 'orgId' | 'softwareId' | 'roles' | 'certificateProfile'>,
  purpose: CertificatePurpose,
  now = new Date(),
  validForDays?: number,
): Promise<CertifiedKey> {
  if (purpose === 'signing' || software.certificateProfile !== 'obwac') {
    return issueCertifiedKey(context.authority, softwareCertificateSubject(software.orgId, software.softwareId), purpose, now, validForDays);
  }
  const organisation = context.store.state.organisations.find((candidate) => candidate.id === software.orgId);
  const subject = `C=GB, O=${organisation?.name ?? software.orgId}, 2.5.4.97=PSDGB-OB-Unknown${software.orgId}, CN=${software.orgId}`;
  const qcStatements = new x509.Extension(QC_STATEMENTS, false, createPsd2QcStatements({ roles: psd2RolesFor(software.roles), ...SANDBOX_NCA }));
  return issueCertifiedKey(context.authority, subject, purpose, now, validForDays, [qcStatements]);
}
