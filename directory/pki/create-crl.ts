import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';

import { CERTIFICATE_SIGNING_ALGORITHM } from './certificate-signing-algorithm';
import type { CrlReason, OcspSigner } from './create-ocsp-response';
import { x509 } from './x509';

/** One revoked certificate on the CRL, by its serial (lower-case hex, as @peculiar/x509 writes it). */
export type CrlEntry = { serialNumberHex: string; revokedAt: Date; reason?: CrlReason };

export type CreateCrlOptions = {
  /** The CA: `certificatePem` names the issuer, `privateKeyPem` signs. */
  signer: OcspSigner;
  entries: CrlEntry[];
  thisUpdate: Date;
  /** null: the CRL names no `nextUpdate`. */
  nextUpdate: Date | null;
  /** RFC 5280 §5.2.3; default the seconds of `thisUpdate`, which only grow. */
  crlNumber?: number;
};

/**
 * A DER X.509 v2 CRL (RFC 5280) signed by the CA with RSASSA-PKCS1-v1_5 SHA-256, carrying its authority key
 * identifier and a CRL number, made by @peculiar/x509's `X509CrlGenerator`.
 */
export async function createCrl(options: CreateCrlOptions): Promise<Uint8Array> {
  const issuer = new x509.X509Certificate(options.signer.certificatePem);
  const signingKey = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(options.signer.privateKeyPem), CERTIFICATE_SIGNING_ALGORITHM, false, ['sign']);
  const crlNumber = options.crlNumber ?? Math.floor(options.thisUpdate.getTime() / 1000);
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.subjectName,
    thisUpdate: options.thisUpdate,
    ...(options.nextUpdate === null ? {} : { nextUpdate: options.nextUpdate }),
    signingKey,
    signingAlgorithm: CERTIFICATE_SIGNING_ALGORITHM,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
      new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(crlNumber))),
    ],
    entries: options.entries.map((entry) => ({
      // A positive INTEGER: DER needs a leading 00 before a first byte of 0x80 or more.
      serialNumber: /^[89a-f]/.test(entry.serialNumberHex) ? `00${entry.serialNumberHex}` : entry.serialNumberHex,
      revocationDate: entry.revokedAt,
      ...(entry.reason === undefined ? {} : { reason: x509.X509CrlReason[entry.reason] }),
    })),
  });
  return new Uint8Array(crl.rawData);
}
