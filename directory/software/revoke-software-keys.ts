import type { DirectoryContext } from '../directory-context';
import { revokeCertificate } from '../pki/certificate-authority-status';
import type { Software } from '../state/directory-state';
import { issueSoftwareCertificate } from './issue-software-certificate';

/**
 * Moves a software's signing and transport keys to its revoked keystore, revokes their certificates at the CA (its
 * OCSP responder and CRL say so), and issues new ones, as the OB Directory does.
 */
export async function revokeSoftwareKeys(context: DirectoryContext, software: Software, now = new Date()): Promise<void> {
  const revokedAt = now.toISOString();
  software.revokedKeys.push(
    { kid: software.signing.kid, use: 'sig', certificatePem: software.signing.certificatePem, revokedAt },
    { kid: software.transport.kid, use: 'tls', certificatePem: software.transport.certificatePem, revokedAt },
  );
  await revokeCertificate(context, software.signing.certificatePem, 'keyCompromise', now);
  await revokeCertificate(context, software.transport.certificatePem, 'keyCompromise', now);
  software.signing = await issueSoftwareCertificate(context, software, 'signing', now);
  software.transport = await issueSoftwareCertificate(context, software, 'transport', now);
  await context.store.save();
}
