import { OB_SIGNING_ALGORITHMS, ROLE_SCOPES } from '@/lib/profile/ob-profile';
import { listChoices } from '@/lib/profile/list-choices';
/*
 * Validation of a software statement assertion (SSA), OB-RULES "The SSA". The checks run in this
 * fixed order (SOFTWARE_STATEMENT_CHECKS); each yields one report entry:
 *
 *   1. ssa.present                         invalid_software_statement     a non-empty string
 *   2. ssa.size                            invalid_software_statement     at most SSA_MAX_BYTES
 *   3. ssa.structure                       invalid_software_statement     compact JWS, JSON header and payload, no NUL or unpaired surrogate in a claim
 *   4. ssa.alg                             invalid_software_statement     PS256 or ES256 (SSA 1)
 *   5. ssa.kid                             invalid_software_statement     present (SSA 1)
 *   6. ssa.signature                       invalid_software_statement     verifies with the directory JWKS (SSA 2)
 *   7. ssa.iss                             unapproved_software_statement  a trusted issuer (SSA 3)
 *   8. ssa.iat                             invalid_software_statement     seconds, not in the future, max age (SSA 4)
 *   9. ssa.claim.software_id               invalid_software_statement     required claims, one entry
 *      ssa.claim.software_client_name                                     each: present and of the
 *      ssa.claim.software_roles                                           right type (SSA 5)
 *      ssa.claim.software_redirect_uris
 *      ssa.claim.software_jwks_endpoint
 *      ssa.claim.org_id
 *      ssa.claim.org_name
 *      ssa.claim.org_status
 *      ssa.claim.software_environment
 *  10. ssa.org_status                      unapproved_software_statement  "Active" (SSA 5)
 *  11. ssa.software_environment            unapproved_software_statement  accepted here (SSA 6)
 *  12. ssa.software_roles                  invalid_software_statement     AISP, PISP, CBPII only (SSA 7)
 *
 * Dependencies: a failure in 1–3 leaves every later check `not_run`. The header checks 4 and 5 both
 * run once the token decodes; if either fails, 6 onwards are `not_run`. The claims of a token whose
 * signature did not verify are not trusted, so a failed 6 leaves 7 onwards `not_run`. Once the
 * signature verifies, 7–12 all run, so the TPP sees every claim problem at once; only 10, 11 and 12
 * are `not_run` when their own claim's shape check in 9 failed.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { KeyResolver } from '@/lib/keys/key-resolver';
import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';
import { createReportBuilder, type CheckDefinition, type CheckVerdict, type ReportBuilder } from '@/lib/validation/create-report-builder';
import { describeJoseError } from '@/lib/validation/describe-jose-error';
import { findUnstorableText } from '@/lib/validation/find-unstorable-text';
import { isCompactJws } from '@/lib/validation/is-compact-jws';
import type { ValidationReport } from '@/lib/validation/report';
import type { SoftwareStatementClaims } from './software-statement-claims';
import { toSoftwareStatementClaims } from './to-software-statement-claims';

/** Which SSAs this deployment trusts: `DIRECTORY_SSA_ISSUERS` and `SOFTWARE_ENVIRONMENT`. */
export type SoftwareStatementTrust = { issuers: string[]; environments: string[] };

/** Tunable SSA rules; `maxAgeSeconds` (a *policy*, off when absent) limits how old `iat` may be. */
export type SoftwareStatementPolicy = { clockToleranceSeconds: number; maxAgeSeconds?: number };

/** What `validateSoftwareStatement` needs from outside: the clock, the directory key resolver, trust and policy. */
export type ValidateSoftwareStatementDeps = {
  now: Date;
  resolveKey: KeyResolver;
  trust: SoftwareStatementTrust;
  policy: SoftwareStatementPolicy;
};

/** The report of every check, and the SSA's claims when (and only when) every check passed. */
export type SoftwareStatementValidation = { report: ValidationReport; claims: SoftwareStatementClaims | null };

/** The claims every SSA must carry (OB-RULES SSA 5), in report order. */
export const SSA_REQUIRED_CLAIMS = [
  'software_id',
  'software_client_name',
  'software_roles',
  'software_redirect_uris',
  'software_jwks_endpoint',
  'org_id',
  'org_name',
  'org_status',
  'software_environment',
] as const;

/** A claim every SSA must carry. */
export type SsaRequiredClaim = (typeof SSA_REQUIRED_CLAIMS)[number];

const INVALID = 'invalid_software_statement';
const UNAPPROVED = 'unapproved_software_statement';
const FRESH_SSA = 'Download a fresh SSA from the directory';
const KNOWN_ROLES = Object.keys(ROLE_SCOPES);

const CHECK = {
  present: { id: 'ssa.present', title: 'software statement is present', code: INVALID, hint: 'Provide the SSA downloaded from the directory: paste or upload it, or send it as "software_statement".' },
  size: {
    id: 'ssa.size',
    title: 'software statement is at most 64 KiB',
    code: INVALID,
    hint: 'Send the SSA exactly as the directory issued it; SSAs are a few KiB.',
  },
  structure: {
    id: 'ssa.structure',
    title: 'software statement is a compact JWS',
    code: INVALID,
    hint: 'Send the SSA exactly as downloaded from the directory: three base64url parts separated by dots.',
  },
  alg: {
    id: 'ssa.alg',
    title: 'signed with PS256 or ES256',
    claim: 'alg',
    code: INVALID,
    hint: `${FRESH_SSA}; SSAs must be signed PS256 or ES256.`,
  },
  kid: {
    id: 'ssa.kid',
    title: 'header names the signing key',
    claim: 'kid',
    code: INVALID,
    hint: `${FRESH_SSA}; its header must name the signing key in "kid".`,
  },
  signature: {
    id: 'ssa.signature',
    title: "signature verifies with the directory's key",
    code: INVALID,
    hint: 'Send the SSA unmodified, as the directory issued it; if the directory has just rotated its keys, try again shortly.',
  },
  iss: {
    id: 'ssa.iss',
    title: 'issued by a trusted directory',
    claim: 'iss',
    code: UNAPPROVED,
    hint: 'Use an SSA issued by a directory this bank trusts.',
  },
  iat: {
    id: 'ssa.iat',
    title: 'issue time is valid',
    claim: 'iat',
    code: INVALID,
    hint: `${FRESH_SSA}; "iat" must be its issue time in seconds since the epoch.`,
  },
  orgStatus: {
    id: 'ssa.org_status',
    title: 'organisation is Active in the directory',
    claim: 'org_status',
    code: UNAPPROVED,
    hint: "Ask the directory to restore your organisation's Active status, then download a fresh SSA.",
  },
  environment: {
    id: 'ssa.software_environment',
    title: 'software environment is accepted here',
    claim: 'software_environment',
    code: UNAPPROVED,
    hint: 'Use an SSA of the software environment this portal serves (a sandbox SSA for a sandbox portal).',
  },
  roles: {
    id: 'ssa.software_roles',
    title: 'roles are AISP, PISP or CBPII',
    claim: 'software_roles',
    code: INVALID,
    hint: 'Give the software only AISP, PISP or CBPII roles in the directory, then download a fresh SSA.',
  },
} satisfies Record<string, CheckDefinition>;

// What each required claim must be (OB-RULES SSA 5): its check's title and its type test.
const CLAIM_RULES: Record<SsaRequiredClaim, { title: string; verdict: (value: unknown, claim: string) => CheckVerdict }> = {
  software_id: { title: 'is a non-empty string', verdict: nonEmptyString },
  software_client_name: { title: 'is a string', verdict: anyString },
  software_roles: { title: 'is a non-empty array of strings', verdict: nonEmptyStringArray },
  software_redirect_uris: { title: 'is an array of absolute URLs', verdict: absoluteUrlArray },
  software_jwks_endpoint: { title: 'is an absolute http(s) URL', verdict: httpUrl },
  org_id: { title: 'is a non-empty string', verdict: nonEmptyString },
  org_name: { title: 'is a string', verdict: anyString },
  org_status: { title: 'is a string', verdict: anyString },
  software_environment: { title: 'is a string', verdict: anyString },
};

const CLAIM_CHECK = Object.fromEntries(
  SSA_REQUIRED_CLAIMS.map((claim): [SsaRequiredClaim, CheckDefinition] => [
    claim,
    { id: `ssa.claim.${claim}`, title: `"${claim}" ${CLAIM_RULES[claim].title}`, claim, code: INVALID, hint: `${FRESH_SSA}; it must carry "${claim}".` },
  ]),
) as Record<SsaRequiredClaim, CheckDefinition>;

/** Every check of `validateSoftwareStatement`, in the order the report lists them. */
export const SOFTWARE_STATEMENT_CHECKS: readonly CheckDefinition[] = [
  CHECK.present,
  CHECK.size,
  CHECK.structure,
  CHECK.alg,
  CHECK.kid,
  CHECK.signature,
  CHECK.iss,
  CHECK.iat,
  ...SSA_REQUIRED_CLAIMS.map((claim) => CLAIM_CHECK[claim]),
  CHECK.orgStatus,
  CHECK.environment,
  CHECK.roles,
];

// OB-RULES SSA 4: an `iat` this large (year 5138 in seconds) can only be milliseconds.
const MILLISECONDS_THRESHOLD = 1e11;
const MAX_ECHOED_LENGTH = 64;

type DecodedSoftwareStatement =
  | { ok: true; header: ProtectedHeaderParameters; payload: JWTPayload }
  | { ok: false; description: string };

/**
 * Validates an SSA against OB-RULES "The SSA", running every check in the fixed order above, and
 * returns the report; `claims` is set only when every check passed. Failures are report entries;
 * only faults (an unexpected error from the key resolver) throw.
 */
export async function validateSoftwareStatement(jws: unknown, deps: ValidateSoftwareStatementDeps): Promise<SoftwareStatementValidation> {
  const builder = createReportBuilder();
  const token = typeof jws === 'string' ? jws : '';

  if (!(await builder.check(CHECK.present, () => token !== '' || 'software statement is missing'))) {
    return notRunFrom(builder, CHECK.size);
  }
  // Measured before any decoding, so an oversized input is never parsed.
  const isSmall = token.length <= SSA_MAX_BYTES && new TextEncoder().encode(token).byteLength <= SSA_MAX_BYTES;
  if (!(await builder.check(CHECK.size, () => isSmall || `software statement exceeds ${SSA_MAX_BYTES} bytes`))) {
    return notRunFrom(builder, CHECK.structure);
  }
  const decoded = decodeSoftwareStatement(token);
  await builder.check(CHECK.structure, () => decoded.ok || decoded.description);
  if (!decoded.ok) return notRunFrom(builder, CHECK.alg);

  const { header, payload } = decoded;
  const isAlgAllowed = await builder.check(CHECK.alg, () => checkAlg(header.alg));
  const hasKid = await builder.check(CHECK.kid, () => checkKid(header.kid));
  if (!isAlgAllowed || !hasKid) return notRunFrom(builder, CHECK.signature);
  if (!(await builder.check(CHECK.signature, () => verifySignature(token, deps.resolveKey)))) {
    return notRunFrom(builder, CHECK.iss);
  }

  // The payload decoded above is the one whose signature just verified (same token, same bytes).
  await builder.check(CHECK.iss, () => checkIssuer(payload.iss, deps.trust.issuers));
  await builder.check(CHECK.iat, () => checkIssuedAt(payload.iat, deps.now, deps.policy));
  const hasClaim = {} as Record<SsaRequiredClaim, boolean>;
  for (const claim of SSA_REQUIRED_CLAIMS) {
    hasClaim[claim] = await builder.check(CLAIM_CHECK[claim], () =>
      payload[claim] === undefined ? `"${claim}" is missing` : CLAIM_RULES[claim].verdict(payload[claim], claim),
    );
  }
  await builder.check(
    CHECK.orgStatus,
    () => payload.org_status === 'Active' || `"org_status" must be "Active"; got ${quote(payload.org_status)}`,
    hasClaim.org_status,
  );
  await builder.check(CHECK.environment, () => checkEnvironment(payload.software_environment, deps.trust.environments), hasClaim.software_environment);
  await builder.check(CHECK.roles, () => checkRoles(payload.software_roles), hasClaim.software_roles);

  const report = builder.build();
  return { report, claims: report.ok ? toSoftwareStatementClaims(payload) : null };
}

// Records the rest of the checks, from `first` on, as not run: an earlier check they depend on failed.
function notRunFrom(builder: ReportBuilder, first: CheckDefinition): SoftwareStatementValidation {
  for (const definition of SOFTWARE_STATEMENT_CHECKS.slice(SOFTWARE_STATEMENT_CHECKS.indexOf(first))) {
    builder.skip(definition);
  }
  return { report: builder.build(), claims: null };
}

function decodeSoftwareStatement(token: string): DecodedSoftwareStatement {
  if (!isCompactJws(token)) {
    return { ok: false, description: 'software statement must be a compact JWS: three base64url parts separated by "."' };
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    // jose throws a plain TypeError here, not a coded JOSEError: the header is simply not a JSON object.
    return { ok: false, description: 'software statement header is not a base64url-encoded JSON object' };
  }
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    return { ok: false, description: describeJoseError(error, 'software statement').description };
  }
  const unstorable = findUnstorableText(payload);
  if (unstorable !== null) return { ok: false, description: `software statement claim "${unstorable}" holds a NUL character or an unpaired surrogate` };
  return { ok: true, header, payload };
}

// OB-RULES SSA 1: PS256 or ES256 only; never `none`, never a shared-secret HS* algorithm.
function checkAlg(alg: unknown): CheckVerdict {
  if (alg === undefined) return 'software statement header has no "alg"';
  if (typeof alg !== 'string') return '"alg" must be a string';
  if (alg === 'none') return 'software statement is unsigned ("alg" is "none"); it must be signed PS256 or ES256';
  return (OB_SIGNING_ALGORITHMS as readonly string[]).includes(alg) || `"alg" must be ${listChoices(OB_SIGNING_ALGORITHMS)}; got ${quote(alg)}`;
}

// OB-RULES SSA 1: the directory JWKS holds several keys; "kid" says which one signed.
function checkKid(kid: unknown): CheckVerdict {
  if (kid === undefined) return 'software statement header has no "kid"';
  return (typeof kid === 'string' && kid !== '') || '"kid" must be a non-empty string';
}

// OB-RULES SSA 2: verify with the directory key named by "kid"; the resolver refetches once for an unknown kid.
async function verifySignature(token: string, resolveKey: KeyResolver): Promise<CheckVerdict> {
  try {
    await compactVerify(token, resolveKey, { algorithms: [...OB_SIGNING_ALGORITHMS] });
    return true;
  } catch (error) {
    // The directory JWKS refused, unreachable, slow or oversized: the signature could not be
    // checked, so the SSA is not accepted (fail closed). Same code as a bad signature; the
    // description says it is the JWKS, not the SSA, and the hint says to retry.
    if (error instanceof JwksFetchError) return 'the JWKS for the software statement could not be fetched';
    // Translates jose's codes (including ERR_JWKS_TIMEOUT / ERR_JWKS_INVALID); rethrows anything else as a fault.
    return describeJoseError(error, 'software statement').description;
  }
}

// OB-RULES SSA 3: only the configured directory issuers (DIRECTORY_SSA_ISSUERS).
function checkIssuer(iss: unknown, issuers: string[]): CheckVerdict {
  if (iss === undefined) return '"iss" is missing';
  if (typeof iss !== 'string') return '"iss" must be a string';
  return issuers.includes(iss) || `"iss" must be a trusted software statement issuer; got ${quote(iss)}`;
}

// OB-RULES SSA 4: iat present, in seconds, not in the future (with tolerance); *policy* maximum age.
function checkIssuedAt(iat: unknown, now: Date, policy: SoftwareStatementPolicy): CheckVerdict {
  if (iat === undefined) return '"iat" is missing';
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return '"iat" must be a number of seconds since the epoch';
  // A known directory bug: checked before anything else, so it is reported as what it is, not as "in the future".
  if (iat > MILLISECONDS_THRESHOLD) return '"iat" is in milliseconds; the directory must issue it in seconds';
  if (!Number.isInteger(iat)) return '"iat" must be a whole number of seconds';
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (iat > nowSeconds + policy.clockToleranceSeconds) return '"iat" is in the future';
  if (policy.maxAgeSeconds !== undefined && nowSeconds - iat - policy.clockToleranceSeconds > policy.maxAgeSeconds) {
    return `"iat" is older than the maximum age of ${policy.maxAgeSeconds} seconds`;
  }
  return true;
}

// OB-RULES SSA 6: the client is created in the SSA's environment, so it must be one this deployment serves.
function checkEnvironment(environment: unknown, environments: string[]): CheckVerdict {
  if (typeof environment === 'string' && environments.includes(environment)) return true;
  const accepted = environments.length === 0 ? 'none' : environments.map((name) => quote(name)).join(' or ');
  return `"software_environment" must be ${accepted}; got ${quote(environment)}`;
}

// OB-RULES SSA 7: only roles that map to scopes; an unknown role would grant nothing the bank understands.
function checkRoles(roles: unknown): CheckVerdict {
  // Runs only after ssa.claim.software_roles passed, so this is an array of strings.
  const unknown = (roles as string[]).filter((role) => !Object.hasOwn(ROLE_SCOPES, role));
  if (unknown.length === 0) return true;
  return `"software_roles" must contain only AISP, PISP or CBPII; got ${unknown.map((role) => quote(role)).join(', ')}`;
}

function nonEmptyString(value: unknown, claim: string): CheckVerdict {
  return (typeof value === 'string' && value !== '') || `"${claim}" must be a non-empty string`;
}

function anyString(value: unknown, claim: string): CheckVerdict {
  return typeof value === 'string' || `"${claim}" must be a string`;
}

function nonEmptyStringArray(value: unknown, claim: string): CheckVerdict {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return `"${claim}" must be an array of strings`;
  return value.length > 0 || `"${claim}" must not be empty`;
}

function absoluteUrlArray(value: unknown, claim: string): CheckVerdict {
  const isValid = Array.isArray(value) && value.every((item) => typeof item === 'string' && URL.canParse(item));
  return isValid || `"${claim}" must be an array of absolute URLs`;
}

function httpUrl(value: unknown, claim: string): CheckVerdict {
  const isValid = typeof value === 'string' && URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol);
  return isValid || `"${claim}" must be an absolute https or http URL`;
}

// Claim values echoed in descriptions are short and quoted; long ones are cut, non-strings not echoed.
function quote(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;
  return JSON.stringify(value.length > MAX_ECHOED_LENGTH ? `${value.slice(0, MAX_ECHOED_LENGTH)}…` : value);
}

