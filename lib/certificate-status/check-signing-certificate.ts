import type { JWK } from 'jose';

import { readCertificate } from '@/lib/certificates/read-certificate';
import { findTrustedIssuer } from '@/lib/certificates/validate-transport-certificate';
import type { CheckDefinition, CheckVerdict } from '@/lib/validation/create-report-builder';
import { certificateStatusVerdict } from './certificate-status-verdict';
import type { CertificateStatusChecker } from './create-certificate-status-checker';

/** The registration's check of the signing key's certificate with its authority (OB-RULES *Trust over time*). */
export const SIGNING_CERTIFICATE_CHECK = {
  id: 'signing_key.certificate_status',
  title: "the signing key's certificate (x5c) has not been revoked by its authority (OCSP, CRL)",
  claim: 'kid',
  code: 'invalid_client_metadata',
  hint: 'Sign with a current "use": "sig" key of the software whose certificate its authority has not revoked (the directory issues a new one when it revokes one); if the authority could not be asked, try again shortly.',
} as const satisfies CheckDefinition;

/** What the check needs: the bank's CA bundle, the status checker, and whether the environment is soft-fail. */
export type SigningCertificateDeps = { caCertificates: string[]; checkStatus: CertificateStatusChecker; isSoftFail: boolean };

/**
 * The verdict on the certificate (`x5c[0]`) of the software JWKS key `kid` that signed: a key published without a
 * certificate passes (there is nothing to ask about); one whose certificate does not chain to the bank's bundle has
 * no authority to ask, and counts as a status that cannot be established; otherwise its authority is asked (OCSP,
 * then CRL, cached) as for the transport certificate.
 */
export async function checkSigningCertificate(jwks: { keys: JWK[] } | null, kid: string, deps: SigningCertificateDeps): Promise<CheckVerdict> {
  const [first] = jwks?.keys.find((key) => key.kid === kid)?.x5c ?? [];
  if (typeof first !== 'string') return true;
  let read;
  try {
    read = readCertificate(first);
  } catch {
    return "the signing key's certificate (x5c) could not be read";
  }
  const issuer = await findTrustedIssuer(read, deps.caCertificates);
  if (issuer === null) {
    return deps.isSoftFail || "the signing key's certificate was not issued by a certificate authority the bank trusts, so whether it was revoked cannot be established";
  }
  return certificateStatusVerdict(await deps.checkStatus(read.certificate, issuer), 'signing certificate', deps.isSoftFail);
}
