import type { DirectoryContext } from '../directory-context';
import type { DirectoryState, RevokedCertificate } from '../state/directory-state';
import { createCrl } from './create-crl';
import { createOcspResponse, type CrlReason, type OcspCertificateStatus, type OcspSigner } from './create-ocsp-response';
import { x509 } from './x509';

/** How long an OCSP answer or a CRL of the sandbox CA says it is current. */
export const STATUS_VALIDITY_MS = 10 * 60_000;

// Serial of each certificate PEM, parsed once: the sandbox's state holds a few dozen of them.
const serials = new Map<string, string>();

function serialOf(certificatePem: string): string {
  let serial = serials.get(certificatePem);
  if (serial === undefined) {
    serial = new x509.X509Certificate(certificatePem).serialNumber.toLowerCase();
    serials.set(certificatePem, serial);
  }
  return serial;
}

// Every certificate the issuing CA issued and the state still knows: the software's current and revoked keys, and
// the keys that sign SSAs. Anything else is not the CA's to answer for ("unknown").
function issuedSerials(state: DirectoryState): Set<string> {
  return new Set(
    [
      ...state.software.flatMap((software) => [software.signing.certificatePem, software.transport.certificatePem, ...software.revokedKeys.map((key) => key.certificatePem)]),
      ...state.ssaSigningKeys.map((key) => key.certificatePem),
    ].map(serialOf),
  );
}

/** What the sandbox CA's OCSP responder says of a serial (lower-case hex). */
export function certificateStatusOf(state: DirectoryState, serialNumberHex: string): OcspCertificateStatus {
  const revoked = state.certificateAuthority.revoked.find((entry) => entry.serialNumberHex === serialNumberHex);
  if (revoked) return { status: 'revoked', revokedAt: new Date(revoked.revokedAt), reason: revoked.reason };
  return issuedSerials(state).has(serialNumberHex) ? { status: 'good' } : { status: 'unknown' };
}

/** Revokes one certificate at the CA (its OCSP responder and CRL say so from now on); null when it already was. */
export async function revokeCertificate(context: DirectoryContext, certificatePem: string, reason: CrlReason, now = new Date()): Promise<RevokedCertificate | null> {
  const { revoked } = context.store.state.certificateAuthority;
  const serialNumberHex = serialOf(certificatePem);
  if (revoked.some((entry) => entry.serialNumberHex === serialNumberHex)) return null;
  const entry = { serialNumberHex, revokedAt: now.toISOString(), reason };
  revoked.push(entry);
  await context.store.save();
  return entry;
}

function caSigner(state: DirectoryState): OcspSigner {
  const { issuing } = state.certificateAuthority;
  return { certificatePem: issuing.certificatePem, privateKeyPem: issuing.privateKeyPem };
}

/** The CA's OCSP answer to a DER request, signed by the issuing CA itself, current for `STATUS_VALIDITY_MS`. */
export function answerOcspRequest(context: DirectoryContext, requestDer: Uint8Array, now = new Date()): Promise<Uint8Array> {
  const { state } = context.store;
  return createOcspResponse(requestDer, {
    signer: caSigner(state),
    statusOf: (serial) => certificateStatusOf(state, serial),
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + STATUS_VALIDITY_MS),
  });
}

/** The CA's CRL as of `now`: every revocation, current for `STATUS_VALIDITY_MS`. */
export function buildRevocationList(context: DirectoryContext, now = new Date()): Promise<Uint8Array> {
  const { state } = context.store;
  return createCrl({
    signer: caSigner(state),
    entries: state.certificateAuthority.revoked.map((entry) => ({ serialNumberHex: entry.serialNumberHex, revokedAt: new Date(entry.revokedAt), reason: entry.reason })),
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + STATUS_VALIDITY_MS),
  });
}
