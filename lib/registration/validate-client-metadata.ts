import { listChoices } from '@/lib/profile/list-choices';
import {
  DEFAULT_RESPONSE_TYPES,
  OB_SIGNING_ALGORITHMS,
  REGISTRABLE_GRANT_TYPES,
  REGISTRABLE_RESPONSE_TYPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '@/lib/profile/ob-profile';
/*
 * Validation of the client metadata of a registration (RFC 7591 names), shared by the portal's manual
 * registration and the DCR registration JWT: OB-RULES "The registration JWT" 4–9. The checks run in
 * this fixed order (CLIENT_METADATA_CHECKS); each yields one report entry:
 *
 *   1. metadata.redirect_uris                  invalid_redirect_uri     ⊆ SSA software_redirect_uris; normalised https URLs, no markup, loopback, fragment or credentials (4)
 *   2. metadata.token_endpoint_auth_method     invalid_client_metadata  present, allowed by the policy (5)
 *   3. metadata.token_endpoint_auth_signing_alg invalid_client_metadata required with private_key_jwt; PS256/ES256 (5)
 *   4. metadata.tls_client_auth_subject_dn     invalid_client_metadata  required with tls_client_auth; a DN; with it, a transport certificate's subject (5)
 *   5. metadata.grant_types                    invalid_client_metadata  ⊆ authorization_code, client_credentials, refresh_token (6)
 *   6. metadata.response_types                 invalid_client_metadata  ⊆ code, code id_token (6)
 *   7. metadata.id_token_signed_response_alg   invalid_client_metadata  PS256/ES256 (7)
 *   8. metadata.request_object_signing_alg     invalid_client_metadata  PS256/ES256 (7)
 *   9. metadata.scope                          invalid_client_metadata  ⊆ the scopes the SSA's roles allow (8)
 *  10. metadata.application_type               invalid_client_metadata  web or mobile (9)
 *
 * Only 3 and 4 depend on another check: they are `not_run` when 2 failed (which one is required
 * depends on the method). Every other check runs, so the TPP sees every problem at once.
 *
 * Omitted fields get the bank's defaults (OB-RULES registration 10: returned with the client):
 * redirect_uris → all of the SSA's; grant_types → authorization_code, client_credentials,
 * refresh_token (client_credentials included because managing the registration needs a
 * client-credentials token); response_types → "code id_token"; both algorithms → PS256; scope → every
 * scope the roles allow; application_type → web. A JSON `null` counts as omitted, as many client
 * libraries write absent optional fields that way; any other wrong JSON type fails its check.
 */
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import { allowedScopesForRoles } from '@/lib/software-statement/allowed-scopes-for-roles';
import { distinguishedNamesEqual } from '@/lib/certificates/distinguished-names-equal';
import { formatDistinguishedName } from '@/lib/certificates/format-distinguished-name';
import { parseDistinguishedName, type DistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { isStorableText } from '@/lib/db/is-storable-text';
import { createReportBuilder, type CheckDefinition, type ReportBuilder } from '@/lib/validation/create-report-builder';
import type { ValidationReport } from '@/lib/validation/report';

import { isLoopbackHost } from './is-loopback-host';
import { quoteValue } from './quote-value';

/** What the bank allows; `tokenEndpointAuthMethods` is `dynamicRegistrationAuthMethods`'s, plus `client_secret_basic` only if the bank enables it. */
export type RegistrationPolicy = { tokenEndpointAuthMethods: string[] };

/**
 * The subjects the software's transport certificates carry (the presented one, those its JWKS publishes), which a
 * `tls_client_auth` client's "tls_client_auth_subject_dn" must be one of; `missing` says why, when none is known.
 */
export type TransportSubjects = { subjects: DistinguishedName[]; missing: string };

/** The client metadata the bank accepted, with its defaults substituted for omitted fields. */
export type ClientMetadata = {
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  tokenEndpointAuthSigningAlg: string | null;
  tlsClientAuthSubjectDn: string | null;
  grantTypes: string[];
  responseTypes: string[];
  idTokenSignedResponseAlg: string;
  requestObjectSigningAlg: string;
  scopes: string[];
  applicationType: 'web' | 'mobile';
};

const APPLICATION_TYPES = ['web', 'mobile'] as const;
const DEFAULT_SIGNING_ALGORITHM = OB_SIGNING_ALGORITHMS[0];
const METADATA = 'invalid_client_metadata';

const CHECK = {
  redirectUris: {
    id: 'metadata.redirect_uris',
    title: "redirect URIs are the software statement's, normalised https URLs, not loopback",
    claim: 'redirect_uris',
    code: 'invalid_redirect_uri',
    hint: 'Choose redirect URIs from the software statement\'s "software_redirect_uris" (https, not localhost, written as the URL parser normalises them, without markup or quotes), or omit "redirect_uris" to register them all.',
  },
  authMethod: {
    id: 'metadata.token_endpoint_auth_method',
    title: 'token endpoint authentication method is supported',
    claim: 'token_endpoint_auth_method',
    code: METADATA,
    hint: 'Set "token_endpoint_auth_method" to a method the bank supports (its discovery document lists them in "token_endpoint_auth_methods_supported").',
  },
  authSigningAlg: {
    id: 'metadata.token_endpoint_auth_signing_alg',
    title: 'client assertions are signed PS256 or ES256',
    claim: 'token_endpoint_auth_signing_alg',
    code: METADATA,
    hint: 'With "private_key_jwt", set "token_endpoint_auth_signing_alg" to PS256 (or ES256).',
  },
  subjectDn: {
    id: 'metadata.tls_client_auth_subject_dn',
    title: "TLS client certificate subject is a distinguished name, with tls_client_auth the software's transport certificate's",
    claim: 'tls_client_auth_subject_dn',
    code: METADATA,
    hint: 'With "tls_client_auth", set "tls_client_auth_subject_dn" to the subject of the software\'s transport certificate (the description names it), e.g. CN=<software_id>,OU=<org_id>,O=OpenBanking,C=GB.',
  },
  grantTypes: {
    id: 'metadata.grant_types',
    title: 'grant types are supported',
    claim: 'grant_types',
    code: METADATA,
    hint: 'Use only authorization_code, client_credentials and refresh_token in "grant_types", or omit it.',
  },
  responseTypes: {
    id: 'metadata.response_types',
    title: 'response types are supported',
    claim: 'response_types',
    code: METADATA,
    hint: 'Use only "code" or "code id_token" in "response_types", or omit it.',
  },
  idTokenAlg: {
    id: 'metadata.id_token_signed_response_alg',
    title: 'ID tokens are signed PS256 or ES256',
    claim: 'id_token_signed_response_alg',
    code: METADATA,
    hint: 'Set "id_token_signed_response_alg" to PS256 (or ES256), or omit it; RS256 and none are refused.',
  },
  requestObjectAlg: {
    id: 'metadata.request_object_signing_alg',
    title: 'request objects are signed PS256 or ES256',
    claim: 'request_object_signing_alg',
    code: METADATA,
    hint: 'Set "request_object_signing_alg" to PS256 (or ES256), or omit it; RS256 and none are refused.',
  },
  scope: {
    id: 'metadata.scope',
    title: "scopes are allowed by the software statement's roles",
    claim: 'scope',
    code: METADATA,
    hint: 'Ask only for scopes the software\'s roles allow (openid; accounts for AISP, payments for PISP, fundsconfirmations for CBPII), space-separated, or omit "scope".',
  },
  applicationType: {
    id: 'metadata.application_type',
    title: 'application type is web or mobile',
    claim: 'application_type',
    code: METADATA,
    hint: 'Set "application_type" to "web" or "mobile", or omit it.',
  },
} as const satisfies Record<string, CheckDefinition>;

/** Every check of `validateClientMetadata`, in the order the report lists them. */
export const CLIENT_METADATA_CHECKS: readonly CheckDefinition[] = [
  CHECK.redirectUris,
  CHECK.authMethod,
  CHECK.authSigningAlg,
  CHECK.subjectDn,
  CHECK.grantTypes,
  CHECK.responseTypes,
  CHECK.idTokenAlg,
  CHECK.requestObjectAlg,
  CHECK.scope,
  CHECK.applicationType,
];

/** The ids of `CLIENT_METADATA_CHECKS`, in order. */
export const CLIENT_METADATA_CHECK_IDS: readonly string[] = CLIENT_METADATA_CHECKS.map((check) => check.id);

// A field's value once checked, or why it was refused.
type Reading<T> = { value: T } | { error: string };

/**
 * Checks requested client metadata (RFC 7591 names, from the portal form or the registration JWT's
 * claims) against the SSA and the bank's policy, in the fixed order above. `metadata`, with the
 * defaults substituted, is returned only when every check passed.
 */
export async function validateClientMetadata(
  requested: Record<string, unknown>,
  ssa: SoftwareStatementClaims,
  policy: RegistrationPolicy,
  transport: TransportSubjects,
): Promise<{ report: ValidationReport; metadata: ClientMetadata | null }> {
  const report = createReportBuilder();
  const field = (name: string): unknown => requested[name] ?? undefined;

  const redirectUris = await read(report, CHECK.redirectUris, () => readRedirectUris(field('redirect_uris'), ssa.software_redirect_uris));
  const method = await read(report, CHECK.authMethod, () => readAuthMethod(field('token_endpoint_auth_method'), policy));
  const signingAlg = await read(
    report,
    CHECK.authSigningAlg,
    () => readConditional(field('token_endpoint_auth_signing_alg'), 'token_endpoint_auth_signing_alg', 'private_key_jwt', method, readAlgorithm),
    method !== null,
  );
  const subjectDn = await read(
    report,
    CHECK.subjectDn,
    () =>
      readConditional(field('tls_client_auth_subject_dn'), 'tls_client_auth_subject_dn', 'tls_client_auth', method, (value, claim) =>
        readSubjectDn(value, claim, method === 'tls_client_auth' ? transport : null),
      ),
    method !== null,
  );
  const grantTypes = await read(report, CHECK.grantTypes, () => readGrantTypes(field('grant_types')));
  const responseTypes = await read(report, CHECK.responseTypes, () => readResponseTypes(field('response_types')));
  const idTokenAlg = await read(report, CHECK.idTokenAlg, () => readDefaultedAlgorithm(field('id_token_signed_response_alg'), 'id_token_signed_response_alg'));
  const requestObjectAlg = await read(report, CHECK.requestObjectAlg, () =>
    readDefaultedAlgorithm(field('request_object_signing_alg'), 'request_object_signing_alg'),
  );
  const scopes = await read(report, CHECK.scope, () => readScopes(field('scope'), allowedScopesForRoles(ssa.software_roles)));
  const applicationType = await read(report, CHECK.applicationType, () => readApplicationType(field('application_type')));

  const built = report.build();
  if (
    !built.ok ||
    redirectUris === null ||
    method === null ||
    signingAlg === null ||
    subjectDn === null ||
    grantTypes === null ||
    responseTypes === null ||
    idTokenAlg === null ||
    requestObjectAlg === null ||
    scopes === null ||
    applicationType === null
  ) {
    return { report: built, metadata: null };
  }
  return {
    report: built,
    metadata: {
      redirectUris,
      tokenEndpointAuthMethod: method,
      tokenEndpointAuthSigningAlg: signingAlg.value,
      tlsClientAuthSubjectDn: subjectDn.value,
      grantTypes,
      responseTypes,
      idTokenSignedResponseAlg: idTokenAlg,
      requestObjectSigningAlg: requestObjectAlg,
      scopes,
      applicationType,
    },
  };
}

// Runs one check and hands back the value it read: null when it failed or did not run.
async function read<T>(report: ReportBuilder, definition: CheckDefinition, reader: () => Reading<T>, when = true): Promise<T | null> {
  let value: T | null = null;
  await report.check(
    definition,
    () => {
      const reading = reader();
      if ('error' in reading) return reading.error;
      value = reading.value;
      return true;
    },
    when,
  );
  return value;
}

function fail(error: string): { error: string } {
  return { error };
}

function readStringArray(value: unknown, claim: string): Reading<string[]> {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return fail(`"${claim}" must be an array of strings`);
  if (value.length === 0) return fail(`"${claim}" must not be empty`);
  // Order kept, repeats dropped: ["a", "a"] asks for nothing more than ["a"].
  return { value: [...new Set(value)] };
}

// OB-RULES registration 4: a subset of the SSA's URIs, all https, none on loopback; omitted → all of the SSA's.
function readRedirectUris(value: unknown, ssaUris: string[]): Reading<string[]> {
  if (value === undefined) {
    if (ssaUris.length === 0) return fail('"redirect_uris" is missing and the software statement has no "software_redirect_uris" to default to');
    // The SSA's own URIs must pass the same rules before the bank registers them on the TPP's behalf.
    const problem = ssaUris.map((uri) => redirectUriProblem(uri)).find((found) => found !== null);
    return problem ? fail(`the software statement's "software_redirect_uris" ${problem}`) : { value: [...new Set(ssaUris)] };
  }
  const uris = readStringArray(value, 'redirect_uris');
  if ('error' in uris) return uris;
  for (const uri of uris.value) {
    const problem = redirectUriProblem(uri);
    if (problem) return fail(`"redirect_uris" ${problem}`);
    // RFC 6749 §3.1.2.2 / OAuth security BCP: exact string comparison, no prefix or normalisation.
    if (!ssaUris.includes(uri)) {
      return fail(`"redirect_uris" must be a subset of the software statement's "software_redirect_uris"; got ${quoteValue(uri)}`);
    }
  }
  return uris;
}

// Markup, quotes, whitespace and control characters: never in a redirect URI the bank stores and shows. The URL
// parser would percent-encode or drop them, so the URI registered would not be the URI the TPP's client sends.
const UNSAFE_URI_CHARACTER = /[<>"'`\s\p{Cc}]/u;

// OB-RULES registration 4 and RFC 6749 §3.1.2: an absolute https URL without a fragment, credentials or loopback
// host, written in its normalised form (WHATWG URL serialisation: lower-case host, no default port, no dot
// segments, nothing the parser had to percent-encode), so that the exact string comparison at the authorization
// endpoint compares what a browser would send. The one difference allowed is the "/" the serialiser gives an empty
// path: "https://tpp.example" and "https://tpp.example/" are the same URL (RFC 3986 §6.2.3).
function redirectUriProblem(uri: string): string | null {
  if (UNSAFE_URI_CHARACTER.test(uri)) return `must not contain markup, quotes, whitespace or control characters; got ${quoteValue(uri)}`;
  if (!URL.canParse(uri)) return `must contain absolute URLs; got ${quoteValue(uri)}`;
  const url = new URL(uri);
  if (url.protocol !== 'https:') return `must use https; got ${quoteValue(uri)}`;
  // Not echoed: a password is a secret.
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (uri.includes('#')) return `must not contain a fragment; got ${quoteValue(uri)}`;
  if (isLoopbackHost(url.hostname)) return `must not point at localhost or a loopback address; got ${quoteValue(uri)}`;
  const isNormalised = url.href === uri || (url.pathname === '/' && url.search === '' && url.href === `${uri}/`);
  return isNormalised ? null : `must be normalised URLs; got ${quoteValue(uri)}, which normalises to ${quoteValue(url.href)}`;
}

// OB-RULES registration 5: the methods the bank enables (client_secret_basic only if it chose to).
function readAuthMethod(value: unknown, policy: RegistrationPolicy): Reading<TokenEndpointAuthMethod> {
  if (value === undefined) return fail('"token_endpoint_auth_method" is missing');
  if (typeof value !== 'string') return fail('"token_endpoint_auth_method" must be a string');
  const allowed = TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => policy.tokenEndpointAuthMethods.includes(method));
  const method = allowed.find((candidate) => candidate === value);
  return method ? { value: method } : fail(`"token_endpoint_auth_method" must be one of ${allowed.join(', ')}; got ${quoteValue(value)}`);
}

// OB-RULES registration 5: required with one method; when sent with another, still checked.
function readConditional(
  value: unknown,
  claim: string,
  requiredWith: TokenEndpointAuthMethod,
  method: TokenEndpointAuthMethod | null,
  reader: (present: unknown, claim: string) => Reading<string>,
): Reading<{ value: string | null }> {
  // An empty string is what a form sends for a field left blank: the same as omitting it.
  if (value === undefined || value === '') {
    return method === requiredWith ? fail(`"${claim}" is required with "${requiredWith}"`) : { value: { value: null } };
  }
  const reading = reader(value, claim);
  return 'error' in reading ? reading : { value: { value: reading.value } };
}

function readAlgorithm(value: unknown, claim: string): Reading<string> {
  if (typeof value !== 'string') return fail(`"${claim}" must be a string`);
  // OB-RULES registration 7: PS256 or ES256 only; RS256 and "none" are refused.
  return (OB_SIGNING_ALGORITHMS as readonly string[]).includes(value) ? { value } : fail(`"${claim}" must be ${listChoices(OB_SIGNING_ALGORITHMS)}; got ${quoteValue(value)}`);
}

function readDefaultedAlgorithm(value: unknown, claim: string): Reading<string> {
  return value === undefined ? { value: DEFAULT_SIGNING_ALGORITHM } : readAlgorithm(value, claim);
}

// With tls_client_auth (`transport` given), the DN must be one a transport certificate of the software carries
// (issue 15: any DN was taken, another organisation's included), compared as a set of attributes.
function readSubjectDn(value: unknown, claim: string, transport: TransportSubjects | null): Reading<string> {
  if (typeof value !== 'string') return fail(`"${claim}" must be a string`);
  if (!isStorableText(value)) return fail(`"${claim}" holds a NUL character or an unpaired surrogate`);
  const dn = parseDistinguishedName(value);
  if (dn === null) return fail(`"${claim}" must be an RFC 4514 distinguished name; got ${quoteValue(value)}`);
  if (transport !== null) {
    if (transport.subjects.length === 0) return fail(`"${claim}" cannot be checked against the software's transport certificate: ${transport.missing}`);
    if (!transport.subjects.some((subject) => distinguishedNamesEqual(subject, dn))) {
      // The presented certificate is usually the one the JWKS publishes too: each subject is named once.
      const expected = [...new Set(transport.subjects.map((subject) => JSON.stringify(formatDistinguishedName(subject))))].join(' or ');
      return fail(`"${claim}" must be the subject of the software's transport certificate, ${expected}; got ${quoteValue(value)}`);
    }
  }
  // Kept as the TPP wrote it; the token endpoint compares it attribute by attribute (distinguishedNamesEqual).
  return { value: value.trim() };
}

// OB-RULES registration 6.
function readGrantTypes(value: unknown): Reading<string[]> {
  if (value === undefined) return { value: [...REGISTRABLE_GRANT_TYPES] };
  const grantTypes = readStringArray(value, 'grant_types');
  if ('error' in grantTypes) return grantTypes;
  const unsupported = grantTypes.value.find((grantType) => !REGISTRABLE_GRANT_TYPES.includes(grantType));
  return unsupported === undefined
    ? grantTypes
    : fail(`"grant_types" must contain only ${listChoices(REGISTRABLE_GRANT_TYPES)}; got ${quoteValue(unsupported)}`);
}

// OB-RULES registration 6. A response type is a set of space-separated values (RFC 6749 §3.1.1), so
// "id_token code" is "code id_token" and is recorded that way.
function readResponseTypes(value: unknown): Reading<string[]> {
  if (value === undefined) return { value: [...DEFAULT_RESPONSE_TYPES] };
  const responseTypes = readStringArray(value, 'response_types');
  if ('error' in responseTypes) return responseTypes;
  const normalised: string[] = [];
  for (const responseType of responseTypes.value) {
    const canonical = responseType.split(' ').filter(Boolean).sort().join(' ');
    if (!REGISTRABLE_RESPONSE_TYPES.includes(canonical)) {
      return fail(`"response_types" must contain only ${listChoices(REGISTRABLE_RESPONSE_TYPES, { quote: true })}; got ${quoteValue(responseType)}`);
    }
    if (!normalised.includes(canonical)) normalised.push(canonical);
  }
  return { value: normalised };
}

// OB-RULES registration 8: a subset of what the SSA's roles allow; omitted → all of it.
function readScopes(value: unknown, allowed: string[]): Reading<string[]> {
  if (value === undefined) return { value: allowed };
  if (typeof value !== 'string') return fail('"scope" must be a string of space-separated scopes');
  const scopes = [...new Set(value.split(' ').filter(Boolean))];
  if (scopes.length === 0) return fail('"scope" must not be empty');
  const refused = scopes.find((scope) => !allowed.includes(scope));
  return refused === undefined
    ? { value: scopes }
    : fail(`"scope" must contain only scopes the software statement's roles allow (${allowed.join(', ')}); got ${quoteValue(refused)}`);
}

// OB-RULES registration 9.
function readApplicationType(value: unknown): Reading<'web' | 'mobile'> {
  if (value === undefined) return { value: 'web' };
  const applicationType = APPLICATION_TYPES.find((candidate) => candidate === value);
  return applicationType ? { value: applicationType } : fail(`"application_type" must be "web" or "mobile"; got ${quoteValue(value)}`);
}
