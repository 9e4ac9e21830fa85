/**
 * What the certificate's authority says of it (OB-RULES *Trust over time*, revoked certificates):
 * - `good` / `revoked`: a verified, current answer from its OCSP responder or its CRL;
 * - `unknown`: the certificate names a source, but none gave a usable answer (down, refused, unsigned, stale, or
 *   the responder does not know the certificate); `problems` says why, source by source, for the bank alone (never in an
 *   answer to the caller);
 * - `not_checkable`: the certificate names neither an OCSP responder nor a CRL distribution point, so its CA
 *   publishes no status for it. The CA signed that choice into the certificate; the bank trusts that CA.
 */
export type CertificateStatus =
  | { status: 'good'; source: StatusSource; checkedAt: Date; nextUpdate: Date | null }
  | { status: 'revoked'; source: StatusSource; checkedAt: Date; revokedAt: Date; reason: string | null }
  | { status: 'unknown'; checkedAt: Date; problems: string[] }
  | { status: 'not_checkable'; checkedAt: Date };

/** Where a status came from: the responder in the certificate's Authority Information Access, or its CRL. */
export type StatusSource = 'ocsp' | 'crl';

/** A source's answer, or why it gave none; `fresh until` bounds how long the answer may be cached. */
export type SourceAnswer =
  | { status: 'good'; nextUpdate: Date | null }
  | { status: 'revoked'; revokedAt: Date; reason: string | null; nextUpdate: Date | null }
  | { status: 'unavailable'; problem: string };

/** How long an OCSP or CRL request (headers and body) may take. */
export const DEFAULT_STATUS_TIMEOUT_MS = 5_000;

/** The largest OCSP response read. */
export const DEFAULT_OCSP_MAX_BYTES = 64 * 1024;

/** The largest CRL read; a CA's CRL grows with its revocations, OB's stay far below this. */
export const DEFAULT_CRL_MAX_BYTES = 4 * 1024 * 1024;

/** How far the responder's and the CA's clocks may be from ours when judging `thisUpdate` and `nextUpdate`. */
export const STATUS_CLOCK_TOLERANCE_MS = 60_000;
