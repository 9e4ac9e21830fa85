import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

import { CERTIFICATE_SIGNING_ALGORITHM } from './certificate-signing-algorithm';
import { x509 } from './x509';

/** RFC 5280 §5.3.1 reasons the sandbox CA gives when it revokes a certificate. */
export type CrlReason = 'unspecified' | 'keyCompromise' | 'superseded' | 'cessationOfOperation';

/** What the CA says of one certificate. */
export type OcspCertificateStatus = { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason?: CrlReason } | { status: 'unknown' };

/** Who signs: the CA itself, or a responder it delegated; PKCS#8 PEM of an RSA key, used with RSASSA-PKCS1-v1_5 SHA-256. */
export type OcspSigner = { certificatePem: string; privateKeyPem: string };

export type CreateOcspResponseOptions = {
  signer: OcspSigner;
  /** The status of a serial number, lower-case hexadecimal as @peculiar/x509 writes `serialNumber`. */
  statusOf: (serialNumberHex: string) => OcspCertificateStatus;
  thisUpdate: Date;
  /** null: the answer names no `nextUpdate`. */
  nextUpdate: Date | null;
  /** PEMs embedded besides the signer's. */
  extraCertificates?: string[];
};

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const RESPONSE_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, tryLater: 3, unauthorized: 6 } as const;

/**
 * Answers a DER OCSPRequest (RFC 6960) with a DER OCSPResponse: successful, `id-pkix-ocsp-basic`, one SingleResponse
 * per requested CertID, each echoing its CertID as requested (any hash algorithm). The signer's certificate is embedded,
 * as verifiers need it. A request that does not parse is answered `malformedRequest`. Built and signed by pkijs.
 */
export async function createOcspResponse(requestDer: Uint8Array, options: CreateOcspResponseOptions): Promise<Uint8Array> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(toArrayBuffer(requestDer));
  } catch {
    return createOcspErrorResponse('malformedRequest');
  }
  if (request.tbsRequest.requestList.length === 0) return createOcspErrorResponse('malformedRequest');
  const signer = pkijs.Certificate.fromBER(x509.PemConverter.decodeFirst(options.signer.certificatePem));
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = signer.subject;
  basic.tbsResponseData.producedAt = options.thisUpdate;
  basic.tbsResponseData.responses = request.tbsRequest.requestList.map(
    (entry) =>
      new pkijs.SingleResponse({
        certID: entry.reqCert,
        certStatus: toCertStatus(options.statusOf(toSerialHex(entry.reqCert.serialNumber))),
        thisUpdate: options.thisUpdate,
        ...(options.nextUpdate === null ? {} : { nextUpdate: options.nextUpdate }),
      }),
  );
  basic.certs = [signer, ...(options.extraCertificates ?? []).map((pem) => pkijs.Certificate.fromBER(x509.PemConverter.decodeFirst(pem)))];
  const key = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(options.signer.privateKeyPem), CERTIFICATE_SIGNING_ALGORITHM, false, ['sign']);
  await basic.sign(key, CERTIFICATE_SIGNING_ALGORITHM.hash);
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: RESPONSE_STATUS.successful }),
    responseBytes: new pkijs.ResponseBytes({ responseType: ID_PKIX_OCSP_BASIC, response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }) }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

/** An unsuccessful OCSPResponse (no response bytes), e.g. for a request that does not parse. */
export function createOcspErrorResponse(status: 'malformedRequest' | 'internalError' | 'tryLater' | 'unauthorized'): Uint8Array {
  return new Uint8Array(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: RESPONSE_STATUS[status] }) }).toSchema().toBER(false));
}

// RFC 6960 §4.2.1 CertStatus: [0] IMPLICIT NULL good, [1] IMPLICIT RevokedInfo, [2] IMPLICIT NULL unknown.
function toCertStatus(status: OcspCertificateStatus): asn1js.BaseBlock {
  const tag = (tagNumber: number) => ({ tagClass: 3, tagNumber });
  if (status.status === 'good') return new asn1js.Primitive({ idBlock: tag(0) });
  if (status.status === 'unknown') return new asn1js.Primitive({ idBlock: tag(2) });
  const reason = status.reason === undefined ? [] : [new asn1js.Constructed({ idBlock: tag(0), value: [new asn1js.Enumerated({ value: x509.X509CrlReason[status.reason] })] })];
  return new asn1js.Constructed({ idBlock: tag(1), value: [new asn1js.GeneralizedTime({ valueDate: status.revokedAt }), ...reason] });
}

// The serial as @peculiar/x509 writes a certificate's `serialNumber`: lower-case hex of the DER INTEGER's bytes
// without the 00 that DER puts before a first byte of 0x80 or more (x509 leaves it out; pkijs keeps it).
function toSerialHex(serial: asn1js.Integer): string {
  return Buffer.from(serial.valueBlock.valueHexView).toString('hex').replace(/^00(?=[89a-f])/, '');
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
