import { OB_SIGNING_ALGORITHMS, REGISTRATION_MEDIA_TYPES } from '@/lib/profile/ob-profile';
import { listChoices } from '@/lib/profile/list-choices';
/*
 * Validation of a DCR registration request, the body of `POST /register` and `PUT /register/{id}`
 * (OB DCR v3.3, OB-RULES "The registration JWT" and "The transport certificate"). Report order:
 *
 *   1. request.content_type        invalid_client_metadata     application/jwt or application/jose (1)
 *   2. request.structure           invalid_client_metadata     a compact JWS with a JSON object payload (1), no NUL or unpaired surrogate in a claim
 *   3. request.alg                 invalid_client_metadata     PS256 or ES256 (1)
 *   4. request.kid                 invalid_client_metadata     present (1)
 *   5. request.software_statement  invalid_software_statement  present, a string ("no SSA")
 *      ssa.*                       (their own codes)           SOFTWARE_STATEMENT_CHECKS, the whole SSA report
 *   6. request.signature           invalid_client_metadata     verifies with a `use: sig` key of the SSA's software JWKS (1)
 *   7. request.iss                 invalid_client_metadata     = SSA software_id (2)
 *   8. request.software_id         invalid_client_metadata     absent, or = SSA software_id (2)
 *   9. request.aud                 invalid_client_metadata     contains ASPSP_ORG_ID or PORTAL_URL (3)
 *  10. request.exp                 invalid_client_metadata     present, in the future (3)
 *  11. request.iat                 invalid_client_metadata     present, not in the future (3)
 *  12. request.lifetime            invalid_client_metadata     *policy*: exp at most maxLifetimeSeconds after iat, and from now
 *  13. request.jti                 invalid_client_metadata     present, a non-empty string (3)
 *  14. request.jti_unique          invalid_client_metadata     never seen before (3, replay guard)
 *      revocation.*                unapproved_software_statement  REGISTRATION_REVOCATION_CHECKS: software, organisation not revoked by the bank
 *      certificate.*               invalid_software_statement  TRANSPORT_CERTIFICATE_CHECKS
 *      revoked_keys.signing_key    invalid_client_metadata     the signing key's kid is on neither revoked list the SSA names (software's, organisation's)
 *      revoked_keys.transport_certificate  invalid_software_statement  nor is the transport certificate (REVOKED_KEY_CHECK_LIST)
 *      signing_key.certificate_status  invalid_client_metadata  the signing key's certificate (x5c), if any, is not revoked by its authority
 *      metadata.*                  (their own codes)           CLIENT_METADATA_CHECKS, on the JWT's claims (4–9)
 *
 * Dependencies: 3–5 need 2. The SSA checks need 5 (all `not_run` without an SSA). 6 needs 3, 4 and a
 * valid SSA (its software JWKS). As in the SSA's own validation, the claims of a request whose
 * signature did not verify are not trusted: 7–14 and the metadata checks need 6. 12 needs 10. 14 also
 * needs 12 and 13, and is the only check with a side effect (`claimJti`), so it never runs for an
 * unsigned, expired, over-long or anonymous request: no replay row outlives the lifetime cap. The
 * revocation checks need 6 too, so that only the software itself learns
 * that the bank revoked it. The certificate checks need only a valid SSA. The revoked-key checks need what they
 * check: the signing key's needs 6, the transport certificate's every certificate check.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

import { checkSigningCertificate, SIGNING_CERTIFICATE_CHECK } from '@/lib/certificate-status/check-signing-certificate';
import type { CertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import {
  SOFTWARE_JWKS_CHECK_ID,
  TRANSPORT_CERTIFICATE_CHECKS,
  validateTransportCertificate,
  type TransportCertificateInfo,
} from '@/lib/certificates/validate-transport-certificate';
import { parseDistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { readPublishedTransportSubjects } from '@/lib/certificates/read-published-transport-subjects';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { JwksFetcher, JwksResolverFactory, KeyResolver } from '@/lib/keys/key-resolver';
import { checkRevokedKeys, REVOKED_KEY_CHECKS, type RevokedKeyLists } from '@/lib/revoked-keys/check-revoked-keys';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import {
  SOFTWARE_STATEMENT_CHECKS,
  validateSoftwareStatement,
  type SoftwareStatementPolicy,
  type SoftwareStatementTrust,
} from '@/lib/software-statement/validate-software-statement';
import { createReportBuilder, type CheckDefinition, type CheckVerdict, type ReportBuilder } from '@/lib/validation/create-report-builder';
import { checkJwtLifetime } from '@/lib/validation/check-jwt-lifetime';
import { describeJoseError } from '@/lib/validation/describe-jose-error';
import { findUnstorableText } from '@/lib/validation/find-unstorable-text';
import { isCompactJws } from '@/lib/validation/is-compact-jws';
import type { ValidationReport } from '@/lib/validation/report';

import { checkRegistrationRevocations, REGISTRATION_REVOCATION_CHECK_LIST, type RegistrationRevocationDeps, type RegistrationRevocations } from './check-registration-revocations';
import { quoteValue } from './quote-value';
import {
  CLIENT_METADATA_CHECKS,
  validateClientMetadata,
  type ClientMetadata,
  type RegistrationPolicy,
  type TransportSubjects,
} from './validate-client-metadata';

/** What `validateRegistrationRequest` needs from outside: the clock, key sources, trust, policies and the replay guard. */
export type ValidateRegistrationRequestDeps = {
  now: Date;
  /** The request's `Content-Type` header, as received. */
  contentType: string | null;
  /** Keys of the directory JWKS (`DIRECTORY_JWKS_URI`), for the SSA. */
  resolveSsaKey: KeyResolver;
  /** Key resolvers for the SSA's `software_jwks_endpoint` (guarded by `DIRECTORY_JWKS_HOSTS`). */
  resolverFor: JwksResolverFactory;
  /** Reads the whole software JWKS: the signing key's `use`, and the transport certificate policy. */
  fetchJwks: JwksFetcher;
  /** Reads the directory's revoked-key lists the SSA names (the same guard, a shorter cache). */
  fetchRevokedKeys: JwksFetcher;
  trust: SoftwareStatementTrust;
  ssaPolicy: SoftwareStatementPolicy;
  registrationPolicy: RegistrationPolicy;
  requestPolicy: RegistrationRequestPolicy;
  /** Accepted `aud` values: `ASPSP_ORG_ID` and `PORTAL_URL`. */
  audiences: string[];
  /** Atomic replay guard (insert-if-absent): true the first time `key` is claimed, false ever after until `expiresAt`. */
  claimJti: (key: string, expiresAt: Date) => Promise<boolean>;
  /** The bank's revocations of software and organisations, and its policy for registrations of them. */
  revocations: RegistrationRevocationDeps;
  transportCertificate: {
    /** The client certificate the TLS terminator forwarded (`readCertificateHeader`), or null. */
    pem: string | null;
    /** PEMs of `DIRECTORY_CA_BUNDLE`. */
    caCertificates: string[];
    /** *policy*: the certificate must be the `use: tls` key's `x5c[0]` in the software JWKS. */
    requireInSoftwareJwks: boolean;
    /** Its revocation status from its authority (OCSP, CRL; `DIRECTORY_PKI_HOSTS`), cached. */
    checkStatus: CertificateStatusChecker;
    /** *policy*: `CERTIFICATE_STATUS_SOFT_FAIL`, the environments where an undeterminable status is let through. */
    statusSoftFailEnvironments: string[];
  };
};

/** *policy*: how long a registration JWT may live (`maxRegistrationJwtLifetimeSeconds`, default 60 minutes). */
export type RegistrationRequestPolicy = { maxLifetimeSeconds: number };

/** The report of every check; the SSA claims, accepted metadata and certificate only when every check passed. */
export type RegistrationRequestValidation = {
  report: ValidationReport;
  /** The SSA exactly as the request carried it (compact JWS), to be stored with the client. */
  softwareStatement: string | null;
  ssa: SoftwareStatementClaims | null;
  metadata: ClientMetadata | null;
  certificate: TransportCertificateInfo | null;
  /** Under the `hold` policy, the revocations the registration passed despite: it must be created pending. */
  heldFor: RegistrationRevocations | null;
};

const METADATA = 'invalid_client_metadata';
const SUBJECT = 'registration request';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CHECK = {
  contentType: {
    id: 'request.content_type',
    title: 'request body is sent as application/jwt or application/jose',
    code: METADATA,
    hint: 'Send the registration JWT as the request body with "Content-Type: application/jwt".',
  },
  structure: {
    id: 'request.structure',
    title: 'registration request is a compact JWS',
    code: METADATA,
    hint: 'Send the signed registration JWT itself as the body: three base64url parts separated by dots.',
  },
  alg: {
    id: 'request.alg',
    title: 'signed with PS256 or ES256',
    claim: 'alg',
    code: METADATA,
    hint: "Sign the registration JWT PS256 (or ES256) with the software's signing key.",
  },
  kid: {
    id: 'request.kid',
    title: 'header names the signing key',
    claim: 'kid',
    code: METADATA,
    hint: 'Put the "kid" of the signing key, as published in the software statement\'s JWKS, in the JWT header.',
  },
  softwareStatement: {
    id: 'request.software_statement',
    title: 'registration request carries a software statement',
    claim: 'software_statement',
    code: 'invalid_software_statement',
    hint: 'Put the SSA from the directory, unmodified, in the "software_statement" claim.',
  },
  signature: {
    id: 'request.signature',
    title: 'signature verifies with a "use": "sig" key of the software\'s JWKS',
    code: METADATA,
    hint: 'Sign with the private key of a "use": "sig" key published at the software statement\'s "software_jwks_endpoint".',
  },
  iss: {
    id: 'request.iss',
    title: "issuer is the software statement's software",
    claim: 'iss',
    code: METADATA,
    hint: 'Set "iss" to the software statement\'s "software_id".',
  },
  softwareId: {
    id: 'request.software_id',
    title: "\"software_id\", if present, is the software statement's",
    claim: 'software_id',
    code: METADATA,
    hint: 'Set "software_id" to the software statement\'s "software_id", or omit it.',
  },
  aud: {
    id: 'request.aud',
    title: 'audience is this bank',
    claim: 'aud',
    code: METADATA,
    hint: "Set \"aud\" to the bank's directory organisation id or its issuer URL.",
  },
  exp: {
    id: 'request.exp',
    title: 'registration request has not expired',
    claim: 'exp',
    code: METADATA,
    hint: 'Set "exp" a few minutes after the time of signing, and send the JWT at once.',
  },
  iat: {
    id: 'request.iat',
    title: 'issue time is present and not in the future',
    claim: 'iat',
    code: METADATA,
    hint: 'Set "iat" to the time of signing, in seconds since the epoch.',
  },
  lifetime: {
    id: 'request.lifetime',
    title: "registration request lives no longer than the bank allows",
    claim: 'exp',
    code: METADATA,
    hint: 'Set "exp" a few minutes after "iat" (the description says the bank\'s limit), and send the JWT at once.',
  },
  jti: {
    id: 'request.jti',
    title: 'registration request has an identifier',
    claim: 'jti',
    code: METADATA,
    hint: 'Give each registration JWT a unique "jti", e.g. a fresh UUID.',
  },
  jtiUnique: {
    id: 'request.jti_unique',
    title: 'registration request has not been used before',
    claim: 'jti',
    code: METADATA,
    hint: 'Sign a new registration JWT with a fresh "jti"; a registration JWT cannot be replayed.',
  },
} as const satisfies Record<string, CheckDefinition>;

/** The request's own checks before the SSA's entries, in order. */
export const REGISTRATION_REQUEST_CHECKS_BEFORE_SSA: readonly CheckDefinition[] = [
  CHECK.contentType,
  CHECK.structure,
  CHECK.alg,
  CHECK.kid,
  CHECK.softwareStatement,
];

/** The request's own checks after the SSA's entries (then the certificate's and the metadata's), in order. */
export const REGISTRATION_REQUEST_CHECKS_AFTER_SSA: readonly CheckDefinition[] = [
  CHECK.signature,
  CHECK.iss,
  CHECK.softwareId,
  CHECK.aud,
  CHECK.exp,
  CHECK.iat,
  CHECK.lifetime,
  CHECK.jti,
  CHECK.jtiUnique,
];

type Decoded = { ok: true; header: ProtectedHeaderParameters; payload: JWTPayload } | { ok: false; description: string };
type SoftwareJwks = { jwks: { keys: JWK[] } } | { error: unknown };

/**
 * Validates a DCR registration request in the fixed order above and returns the report. Failures are
 * report entries; only faults (the replay store or a key source failing unexpectedly) throw.
 */
export async function validateRegistrationRequest(body: string, deps: ValidateRegistrationRequestDeps): Promise<RegistrationRequestValidation> {
  const report = createReportBuilder();
  const token = body.trim();
  const seconds = Math.floor(deps.now.getTime() / 1000);
  const tolerance = deps.ssaPolicy.clockToleranceSeconds;

  await report.check(CHECK.contentType, () => checkContentType(deps.contentType));
  const decoded = decode(token);
  await report.check(CHECK.structure, () => decoded.ok || decoded.description);
  const header = decoded.ok ? decoded.header : null;
  const payload = decoded.ok ? decoded.payload : null;
  const isAlgAllowed = await report.check(CHECK.alg, () => checkAlg(header?.alg), decoded.ok);
  const hasKid = await report.check(CHECK.kid, () => checkKid(header?.kid), decoded.ok);
  const hasSoftwareStatement = await report.check(CHECK.softwareStatement, () => checkSoftwareStatement(payload?.software_statement), decoded.ok);

  const ssa = hasSoftwareStatement ? await checkSoftwareStatementClaims(report, payload?.software_statement, deps) : null;
  if (!hasSoftwareStatement) SOFTWARE_STATEMENT_CHECKS.forEach((check) => report.skip(check));

  // Fetched once (twice if the first copy predates the signing key): for the signing key's `use`, for the transport
  // certificate policy and for the published transport subjects.
  let softwareJwks: Promise<SoftwareJwks> | null = null;
  const readSoftwareJwks = (endpoint: string, options?: { refresh: true }): Promise<SoftwareJwks> => {
    if (softwareJwks === null || options?.refresh) {
      softwareJwks = deps.fetchJwks(endpoint, options).then(
        (jwks) => ({ jwks }),
        (error: unknown) => ({ error }),
      );
    }
    return softwareJwks;
  };

  let isSigned = false;
  if (ssa !== null && header !== null && isAlgAllowed && hasKid) {
    isSigned = await report.check(CHECK.signature, () =>
      verifySignature(token, String(header.kid), ssa.software_jwks_endpoint, deps.resolverFor, readSoftwareJwks),
    );
  } else {
    report.skip(CHECK.signature);
  }
  if (ssa !== null && payload !== null && isSigned) {
    // The payload decoded above is the one whose signature just verified (same token, same bytes).
    await report.check(CHECK.iss, () => checkIss(payload.iss, ssa.software_id));
    await report.check(CHECK.softwareId, () => checkSoftwareId(payload.software_id, ssa.software_id));
    await report.check(CHECK.aud, () => checkAud(payload.aud, deps.audiences));
    const hasValidExp = await report.check(CHECK.exp, () => checkExp(payload.exp, seconds, tolerance));
    await report.check(CHECK.iat, () => checkIat(payload.iat, seconds, tolerance));
    const isWithinLifetime = await report.check(
      CHECK.lifetime,
      () => checkJwtLifetime(Number(payload.exp), payload.iat, seconds, { maxLifetimeSeconds: deps.requestPolicy.maxLifetimeSeconds, clockToleranceSeconds: tolerance }),
      hasValidExp,
    );
    const hasJti = await report.check(CHECK.jti, () => checkJti(payload.jti));
    await report.check(
      CHECK.jtiUnique,
      async () => {
        // OB-RULES registration 3: never seen before. The key is scoped to the software (two TPPs may pick the
        // same jti) and a UUID is lower-cased, so the same UUID in another case is the same request replayed.
        const jti = String(payload.jti);
        const key = `${ssa.software_id}:${UUID.test(jti) ? jti.toLowerCase() : jti}`;
        const isFirstUse = await deps.claimJti(key, new Date(Number(payload.exp) * 1000));
        return isFirstUse || '"jti" has been used before; the registration request is a replay';
      },
      hasValidExp && isWithinLifetime && hasJti,
    );
  } else {
    [CHECK.iss, CHECK.softwareId, CHECK.aud, CHECK.exp, CHECK.iat, CHECK.lifetime, CHECK.jti, CHECK.jtiUnique].forEach((check) => report.skip(check));
  }
  const heldFor = await checkRegistrationRevocations(report, ssa, deps.revocations, isSigned);

  let certificate: TransportCertificateInfo | null = null;
  const { transportCertificate } = deps;
  if (ssa !== null) {
    const jwks = transportCertificate.requireInSoftwareJwks ? await readSoftwareJwks(ssa.software_jwks_endpoint) : null;
    const result = await validateTransportCertificate(transportCertificate.pem, ssa, {
      now: deps.now,
      caCertificates: transportCertificate.caCertificates,
      softwareJwks: jwks && 'jwks' in jwks ? jwks.jwks : null,
      requireInSoftwareJwks: transportCertificate.requireInSoftwareJwks,
      checkStatus: transportCertificate.checkStatus,
      statusSoftFailEnvironments: transportCertificate.statusSoftFailEnvironments,
    });
    report.include(result.report);
    certificate = result.certificate;
  } else {
    TRANSPORT_CERTIFICATE_CHECKS.filter((check) => transportCertificate.requireInSoftwareJwks || check.id !== SOFTWARE_JWKS_CHECK_ID).forEach((check) =>
      report.skip(check),
    );
  }

  // OB-RULES trust over time: a key the directory revoked is refused wherever it signs or is presented.
  const revokedKeyLists: RevokedKeyLists = ssa ?? {};
  await report.check(REVOKED_KEY_CHECKS.signingKey, () => checkRevokedKeys(deps.fetchRevokedKeys, revokedKeyLists, { kind: 'signing key', kid: String(header?.kid) }), isSigned);
  const thumbprintS256 = certificate?.thumbprintS256;
  await report.check(
    REVOKED_KEY_CHECKS.transportCertificate,
    () => checkRevokedKeys(deps.fetchRevokedKeys, revokedKeyLists, { kind: 'transport certificate', thumbprintS256: thumbprintS256 ?? '' }),
    thumbprintS256 !== undefined,
  );
  // OB-RULES trust over time: the signing certificate is asked about as the transport certificate is.
  await report.check(
    SIGNING_CERTIFICATE_CHECK,
    async () => {
      const published = await readSoftwareJwks((ssa as SoftwareStatementClaims).software_jwks_endpoint);
      return checkSigningCertificate('jwks' in published ? published.jwks : null, String(header?.kid), {
        caCertificates: transportCertificate.caCertificates,
        checkStatus: transportCertificate.checkStatus,
        isSoftFail: transportCertificate.statusSoftFailEnvironments.includes(ssa?.software_environment ?? ''),
      });
    },
    isSigned && ssa !== null,
  );

  let metadata: ClientMetadata | null = null;
  if (isSigned && ssa !== null && payload !== null) {
    // OB-RULES registration 5, issue 15: a tls_client_auth DN is the presented certificate's or one the software JWKS publishes.
    const published = await readSoftwareJwks(ssa.software_jwks_endpoint);
    const presented = certificate === null ? null : parseDistinguishedName(certificate.subjectDn);
    const transport: TransportSubjects = {
      subjects: [...(presented ? [presented] : []), ...('jwks' in published ? readPublishedTransportSubjects(published.jwks) : [])],
      missing: 'no transport certificate was accepted over mutual TLS, and the software statement\'s JWKS publishes none with "use": "tls"',
    };
    const result = await validateClientMetadata(payload, ssa, deps.registrationPolicy, transport);
    report.include(result.report);
    metadata = result.metadata;
  } else {
    CLIENT_METADATA_CHECKS.forEach((check) => report.skip(check));
  }

  const built = report.build();
  const softwareStatement = typeof payload?.software_statement === 'string' ? payload.software_statement : null;
  return built.ok
    ? { report: built, softwareStatement, ssa, metadata, certificate, heldFor }
    : { report: built, softwareStatement: null, ssa: null, metadata: null, certificate: null, heldFor: null };
}

// The whole SSA report goes into the request's; the claims come back only if the SSA passed every check.
async function checkSoftwareStatementClaims(
  report: ReportBuilder,
  softwareStatement: unknown,
  deps: ValidateRegistrationRequestDeps,
): Promise<SoftwareStatementClaims | null> {
  const validation = await validateSoftwareStatement(softwareStatement, {
    now: deps.now,
    resolveKey: deps.resolveSsaKey,
    trust: deps.trust,
    policy: deps.ssaPolicy,
  });
  report.include(validation.report);
  return validation.claims;
}

// OB-RULES registration 1. Media type parameters (charset) are allowed; type names are case-insensitive.
function checkContentType(contentType: string | null): CheckVerdict {
  if (contentType === null || contentType.trim() === '') return `"Content-Type" is missing; it must be ${listChoices(REGISTRATION_MEDIA_TYPES)}`;
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (REGISTRATION_MEDIA_TYPES as readonly string[]).includes(mediaType) || `"Content-Type" must be ${listChoices(REGISTRATION_MEDIA_TYPES)}; got ${quoteValue(mediaType)}`;
}

function decode(token: string): Decoded {
  if (token === '') return { ok: false, description: 'registration request body is empty' };
  if (!isCompactJws(token)) {
    return { ok: false, description: 'registration request must be a compact JWS: three base64url parts separated by "."' };
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    // jose throws a plain TypeError here, not a coded JOSEError: the header is not a JSON object.
    return { ok: false, description: 'registration request header is not a base64url-encoded JSON object' };
  }
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    return { ok: false, description: describeJoseError(error, SUBJECT).description };
  }
  const unstorable = findUnstorableText(payload);
  if (unstorable !== null) return { ok: false, description: `registration request claim "${unstorable}" holds a NUL character or an unpaired surrogate` };
  return { ok: true, header, payload };
}

// OB-RULES registration 1: PS256 or ES256; never "none", never a shared-secret algorithm.
function checkAlg(alg: unknown): CheckVerdict {
  if (alg === undefined) return 'registration request header has no "alg"';
  if (typeof alg !== 'string') return '"alg" must be a string';
  if (alg === 'none') return `registration request is unsigned ("alg" is "none"); it must be signed ${listChoices(OB_SIGNING_ALGORITHMS)}`;
  return (OB_SIGNING_ALGORITHMS as readonly string[]).includes(alg) || `"alg" must be ${listChoices(OB_SIGNING_ALGORITHMS)}; got ${quoteValue(alg)}`;
}

// OB-RULES registration 1: the key is found by "kid" in the software JWKS.
function checkKid(kid: unknown): CheckVerdict {
  if (kid === undefined) return 'registration request header has no "kid"';
  return (typeof kid === 'string' && kid !== '') || '"kid" must be a non-empty string';
}

function checkSoftwareStatement(softwareStatement: unknown): CheckVerdict {
  if (softwareStatement === undefined) return '"software_statement" is missing';
  return typeof softwareStatement === 'string' || '"software_statement" must be a string: the SSA as a compact JWS';
}

// OB-RULES registration 1: signed by a `use: sig` key found by "kid" in the SSA's software JWKS.
async function verifySignature(
  token: string,
  kid: string,
  endpoint: string,
  resolverFor: JwksResolverFactory,
  readSoftwareJwks: (endpoint: string, options?: { refresh: true }) => Promise<SoftwareJwks>,
): Promise<CheckVerdict> {
  try {
    await compactVerify(token, resolverFor(endpoint), { algorithms: [...OB_SIGNING_ALGORITHMS] });
  } catch (error) {
    return describeKeySourceError(error);
  }
  // jose picks JWKS keys whose "use" is "sig" or absent: a `use: tls` or `use: enc` key never verifies, but
  // a key without "use" would. The published key itself must say "sig", so the JWKS is read to check it.
  let published = await readSoftwareJwks(endpoint);
  // The key resolver found the key in its own copy of the JWKS, which it reads again for a kid it does not know; a
  // cached copy here that lacks the kid predates a rotation (the directory issued a key since): read it again. Only
  // a signature that verified gets this far, so a made-up kid cannot make the bank fetch.
  if ('jwks' in published && !published.jwks.keys.some((key) => key.kid === kid)) published = await readSoftwareJwks(endpoint, { refresh: true });
  if ('error' in published) return describeKeySourceError(published.error);
  const candidates = published.jwks.keys.filter((key) => key.kid === kid && (key.use === undefined || key.use === 'sig'));
  const isSigningKey = candidates.length > 0 && candidates.every((key) => key.use === 'sig');
  return isSigningKey || 'the key that signed the registration request is not published with "use": "sig" in the software statement\'s JWKS';
}

// The software JWKS refused, unreachable, slow or malformed: the request cannot be verified (fail closed).
function describeKeySourceError(error: unknown): string {
  if (error instanceof JwksFetchError) return `the JWKS for the ${SUBJECT} could not be fetched`;
  // Translates jose's codes; rethrows anything else as a fault.
  return describeJoseError(error, SUBJECT).description;
}

// OB-RULES registration 2.
function checkIss(iss: unknown, softwareId: string): CheckVerdict {
  if (iss === undefined) return '"iss" is missing';
  return iss === softwareId || `"iss" must be the software statement's "software_id"; got ${quoteValue(iss)}`;
}

function checkSoftwareId(softwareId: unknown, expected: string): CheckVerdict {
  return softwareId === undefined || softwareId === expected || `"software_id" must be the software statement's "software_id"; got ${quoteValue(softwareId)}`;
}

// OB-RULES registration 3: ASPSP_ORG_ID or PORTAL_URL, as a string or in an array (RFC 7519 §4.1.3).
function checkAud(aud: unknown, audiences: string[]): CheckVerdict {
  if (aud === undefined) return '"aud" is missing';
  const values = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) return '"aud" must be a string or an array of strings';
  const accepted = audiences.map((audience) => quoteValue(audience)).join(' or ');
  return values.some((value) => audiences.includes(value)) || `"aud" must include ${accepted}`;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

// OB-RULES registration 3: exp in the future (within the clock tolerance).
function checkExp(exp: unknown, now: number, tolerance: number): CheckVerdict {
  if (exp === undefined) return '"exp" is missing';
  if (!isNumericDate(exp)) return '"exp" must be a number of seconds since the epoch';
  return exp > now - tolerance || '"exp" is in the past; the registration request has expired';
}

// OB-RULES registration 3: iat present; one in the future (beyond the tolerance) cannot be right either.
function checkIat(iat: unknown, now: number, tolerance: number): CheckVerdict {
  if (iat === undefined) return '"iat" is missing';
  if (!isNumericDate(iat)) return '"iat" must be a number of seconds since the epoch';
  return iat <= now + tolerance || '"iat" is in the future';
}

function checkJti(jti: unknown): CheckVerdict {
  if (jti === undefined) return '"jti" is missing';
  return (typeof jti === 'string' && jti.trim() !== '') || '"jti" must be a non-empty string';
}
