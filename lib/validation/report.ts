/**
 * RFC 7591 §3.2.2 error codes the validation core maps its checks to (see OB-RULES.md):
 * - `invalid_redirect_uri`: a redirect URI is outside the SSA's list, not a normalised https URL, or loopback.
 * - `invalid_client_metadata`: the registration request (JWT or form) is malformed or asks for
 *   something the bank does not support or the SSA does not allow.
 * - `invalid_software_statement`: the SSA is missing, malformed, badly signed, or the transport
 *   certificate does not belong to its software.
 * - `unapproved_software_statement`: the SSA is well formed but not acceptable here (issuer,
 *   organisation status, environment, software or organisation revoked by the bank).
 */
export type RegistrationErrorCode =
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_software_statement'
  | 'unapproved_software_statement';

/** What became of one check: `not_run` when an earlier check it depends on failed. */
export type CheckOutcome = 'pass' | 'fail' | 'not_run';

/** One check of the report, in the fixed order the core runs them. */
export type ReportEntry = {
  /** Stable identifier, e.g. `ssa.signature`; tests and the UI key on it. */
  id: string;
  /** What the check establishes, for people: "signature verifies with the directory's key". */
  title: string;
  outcome: CheckOutcome;
  /** The claim or field concerned, e.g. `software_redirect_uris`, if any. */
  claim?: string;
  /** The RFC 7591 code a failure of this check maps to. */
  code: RegistrationErrorCode;
  /** On failure: what is wrong, in the voice of jose/oidc-provider; becomes `error_description`. Never echoes a token, key or secret. */
  description?: string;
  /** One line telling the TPP how to fix a failure (present on every entry; shown when it fails). */
  hint: string;
};

/** The result of a validation: every check with its outcome. `ok` iff no entry failed. */
export type ValidationReport = { ok: boolean; entries: ReportEntry[] };

/** The first failed entry of a report, which the API turns into `{ error, error_description }`. */
export function firstFailure(report: ValidationReport): ReportEntry | undefined {
  return report.entries.find((entry) => entry.outcome === 'fail');
}
