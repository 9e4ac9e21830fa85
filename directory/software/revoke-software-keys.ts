import type { DirectoryContext } from '../directory-context';
import { issueCertifiedKey } from '../pki/issue-certified-key';
import type { Software } from '../state/directory-state';
import { softwareCertificateSubject } from './software-certificate-subject';

/** Moves a software's signing and transport keys to its revoked keystore and issues new ones. */
export async function revokeSoftwareKeys(context: DirectoryContext, software: Software, now = new Date()): Promise<void> {
  const subject = softwareCertificateSubject(software.orgId, software.softwareId);
  const revokedAt = now.toISOString();
  software.revokedKeys.push(
    { kid: software.signing.kid, use: 'sig', certificatePem: software.signing.certificatePem, revokedAt },
    { kid: software.transport.kid, use: 'tls', certificatePem: software.transport.certificatePem, revokedAt },
  );
  software.signing = await issueCertifiedKey(context.authority, subject, 'signing', now);
  software.transport = await issueCertifiedKey(context.authority, subject, 'transport', now);
  await context.store.save();
}
