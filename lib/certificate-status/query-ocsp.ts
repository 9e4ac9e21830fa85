import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

import type { x509 } from '@/lib/certificates/x509';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { GuardedRequest } from '@/lib/keys/guarded-request';

import { STATUS_CLOCK_TOLERANCE_MS, type SourceAnswer } from './certificate-status';
import { describeCrlReason } from './describe-crl-reason';

// RFC 6960 §4.2.1 OCSPResponseStatus, for the message of an unsuccessful answer.
const RESPONSE_STATUSES: Record<number, string> = {
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';

/**
 * Asks the OCSP responder at `url` (RFC 6960, POST) for the status of `certificate`, issued by `issuer`, and answers
 * it only if the response is signed by the issuer or by a responder the issuer authorised (`id-kp-OCSPSigning`),
 * names exactly this certificate, and is current (`thisUpdate` not in the future, `nextUpdate` not past). The
 * CertID uses SHA-1, as RFC 5019 requires of every responder; no nonce, so responders may answer from a cache.
 * Anything else is `unavailable` with the reason, never an exception.
 */
export async function queryOcsp(
  request: GuardedRequest,
  url: string,
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  now: Date,
): Promise<SourceAnswer> {
  const target = pkijs.Certificate.fromBER(certificate.rawData);
  const issuerCertificate = pkijs.Certificate.fromBER(issuer.rawData);
  const ocspRequest = new pkijs.OCSPRequest();
  await ocspRequest.createForCertificate(target, { hashAlgorithm: 'SHA-1', issuerCertificate });
  const [requested] = ocspRequest.tbsRequest.requestList;
  if (requested === undefined) throw new Error('pkijs made an OCSP request without a certificate');

  let bytes: Uint8Array<ArrayBuffer>;
  try {
    ({ bytes } = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: new Uint8Array(ocspRequest.toSchema(true).toBER()),
    }));
  } catch (error) {
    if (error instanceof JwksFetchError) return unavailable(error.message);
    throw error;
  }

  let basic: pkijs.BasicOCSPResponse;
  try {
    const response = pkijs.OCSPResponse.fromBER(bytes);
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) return unavailable(`the OCSP responder answered "${RESPONSE_STATUSES[status] ?? status}"`);
    if (response.responseBytes?.responseType !== ID_PKIX_OCSP_BASIC) return unavailable('the OCSP response is not a basic OCSP response');
    basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView.slice());
  } catch {
    return unavailable('the OCSP response is not a readable OCSP response');
  }

  let isVerified: boolean;
  try {
    // The issuer is already trusted (the certificate's chain to the bank's bundle verified through it), so it answers
    // for its own certificates whether or not it is a root; a delegated responder must chain to it.
    isVerified = await basic.verify({ trustedCerts: [issuerCertificate], trustedResponders: [issuerCertificate] });
  } catch {
    isVerified = false;
  }
  if (!isVerified) return unavailable("the OCSP response is not signed by the certificate's authority or a responder it authorised");

  const single = basic.tbsResponseData.responses.find((candidate) => candidate.certID.isEqual(requested.reqCert));
  if (single === undefined) return unavailable('the OCSP response does not answer for this certificate');
  if (single.thisUpdate.getTime() > now.getTime() + STATUS_CLOCK_TOLERANCE_MS) return unavailable('the OCSP response is dated in the future ("thisUpdate")');
  const nextUpdate = single.nextUpdate ?? null;
  if (nextUpdate !== null && nextUpdate.getTime() < now.getTime() - STATUS_CLOCK_TOLERANCE_MS) return unavailable('the OCSP response is stale ("nextUpdate" has passed)');

  // RFC 6960 §4.2.1 CertStatus: [0] good, [1] revoked (revocationTime, [0] reason), [2] unknown.
  const certStatus = single.certStatus as { idBlock: { tagNumber: number }; valueBlock: { value?: unknown[] } };
  switch (certStatus.idBlock.tagNumber) {
    case 0:
      return { status: 'good', nextUpdate };
    case 1: {
      const [time, reason] = certStatus.valueBlock.value ?? [];
      const revokedAt = time instanceof asn1js.GeneralizedTime ? time.toDate() : null;
      if (revokedAt === null) return unavailable('the OCSP response says revoked without a readable revocation time');
      return { status: 'revoked', revokedAt, reason: describeCrlReason(readReasonCode(reason)), nextUpdate };
    }
    default:
      return unavailable('the OCSP responder does not know this certificate ("unknown")');
  }
}

// The optional `[0] EXPLICIT CRLReason` of a revoked status.
function readReasonCode(value: unknown): number | null {
  if (!(value instanceof asn1js.Constructed)) return null;
  const [enumerated] = value.valueBlock.value;
  return enumerated instanceof asn1js.Enumerated ? enumerated.valueBlock.valueDec : null;
}

function unavailable(problem: string): SourceAnswer {
  return { status: 'unavailable', problem };
}
