import type { CheckVerdict } from '@/lib/validation/create-report-builder';

import type { CertificateStatus } from './certificate-status';

/** Which certificate a verdict speaks of, in its messages. */
export type StatusSubject = 'transport certificate' | 'client certificate' | 'signing certificate';

/**
 * The verdict on a certificate's revocation status (OB-RULES *Trust over time*): `revoked` fails, saying when and
 * why and whose answer it was; `unknown` fails under the hard-fail policy (the default) and passes under soft-fail
 * (`isSoftFail`, configured per environment); `good` and `not_checkable` pass. Why a source gave no answer is not
 * said: it describes the bank's view of the directory's hosts, which is the bank's to log, not the caller's to know.
 */
export function certificateStatusVerdict(status: CertificateStatus, subject: StatusSubject, isSoftFail: boolean): CheckVerdict {
  if (status.status === 'revoked') {
    const source = status.source === 'ocsp' ? 'its OCSP responder' : 'its CRL';
    const reason = status.reason === null ? '' : ` (${status.reason})`;
    return `the certificate authority revoked this ${subject} on ${status.revokedAt.toISOString()}${reason}, according to ${source}`;
  }
  if (status.status === 'unknown' && !isSoftFail) {
    return `the revocation status of this ${subject} could not be established: neither its OCSP responder nor its CRL gave a usable answer`;
  }
  return true;
}
