import path from 'node:path';
import { REGISTRATION_BODY_MAX_BYTES } from '@/lib/clients/registration-body-limit';
import type { Env } from '@/lib/env';
import type { Policy } from '@/lib/generated/prisma/client';
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from '@/lib/http/oauth-error';
import { initialClientStatus, type InitialStatusPolicy } from '@/lib/policy/initial-client-status';
import { isLoopbackHost } from '@/lib/registration/is-loopback-host';
import { registrationAuthMethods } from '@/lib/profile/registration-auth-methods';
import {
  DEFAULT_RESPONSE_TYPES,
  JWT_BEARER_ASSERTION_TYPE,
  OB_SIGNING_ALGORITHMS,
  REGISTRABLE_GRANT_TYPES,
  REGISTRABLE_RESPONSE_TYPES,
  REGISTRATION_MEDIA_TYPES,
  ROLE_SCOPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  TOKEN_GRANT_TYPE,
  type SoftwareRole,
  type TokenEndpointAuthMethod,
} from '@/lib/profile/ob-profile';
import { allowedScopesForRoles } from '@/lib/software-statement/allowed-scopes-for-roles';
import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';
import { SSA_REQUIRED_CLAIMS } from '@/lib/software-statement/validate-software-statement';
import { CLIENT_ASSERTION_MAX_NESTING, CLOCK_TOLERANCE_SECONDS } from '@/lib/tokens/token-policy';

/** The configuration the profile states: the bank's URLs, trust and policies. */
export type ApiProfileEnv = Pick<
  Env,
  | 'portalUrl'
  | 'mtlsUrl'
  | 'aspspOrgId'
  | 'dataDir'
  | 'isSandboxDirectory'
  | 'sandboxDirectoryUrl'
  | 'trustDomains'
  | 'mtlsCertHeader'
  | 'accessTokenTtlSeconds'
  | 'authorizationServer'
  | 'dcrAllowClientSecretBasic'
  | 'requireTransportCertInSoftwareJwks'
  | 'rateLimits'
> & { directory: Pick<Env['directory'], 'issuer'> };

/** The bank's registration policy (edited by its admins), as far as it changes what a TPP must do. */
export type ApiProfilePolicy = Pick<Policy, 'tokenEndpointAuthMethods' | 'maxSsaAgeSeconds'> & InitialStatusPolicy;

/** An operation of the mTLS API, named as in the OpenAPI document. */
export type ApiOperationId = 'registerClient' | 'getClient' | 'updateClient' | 'deleteClient' | 'requestToken';

/** One operation of the mTLS API: where it is, how a caller authenticates, what it sends and gets. */
export type ApiOperation = {
  id: ApiOperationId;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to `mtlsUrl`, OpenAPI style: `/register/{clientId}`. */
  path: string;
  url: string;
  summary: string;
  /** `mutualTLS` always; `bearer` for the RFC 7592 management operations. */
  security: Array<'mutualTLS' | 'bearer'>;
  requestContentTypes: string[];
  /** The largest request body read, in bytes. */
  maxBodyBytes: number | null;
  success: { status: 200 | 201 | 204; description: string };
};

/** A client metadata field of the registration JWT: what the bank accepts (`values` when it is an enumeration) and what it puts in when it is omitted. */
export type MetadataRule = { claim: string; values: string[] | null; accepted: string; defaultValue: string | null; rule: string };

/** A claim the registration JWT itself must carry. */
export type RequestClaimRule = { claim: string; rule: string };

/** How a client authenticates at the token endpoint, and what it must register for it. */
export type AuthMethodRule = {
  method: TokenEndpointAuthMethod;
  /** Whether `POST /register` (and `PUT`) accept it as `token_endpoint_auth_method`. */
  isRegistrable: boolean;
  requiredMetadata: string | null;
  howToAuthenticate: string;
  note: string | null;
};

/** An API error code: its HTTP status (from `OAUTH_ERROR_STATUS`), when it is answered, and by which operations. */
export type ErrorCodeRule = { code: OAuthErrorCode; status: number; when: string; operations: ApiOperationId[] };

/** What the TLS terminator answers itself, without reaching the portal. */
export type TerminatorAnswer = { status: number; error: OAuthErrorCode; when: string };

/** The bank's published DCR profile: everything a TPP needs to register and manage a client, as data. */
export type ApiProfile = ReturnType<typeof buildApiProfile>;

/** The registration request's media types (OB-RULES registration 1; `validateRegistrationRequest` keeps its own copy private). */
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
// The token endpoint's body cap (lib/api-host/endpoints/issue-token.ts keeps it private).
const TOKEN_BODY_MAX_BYTES = 16 * 1024;
// What validateClientMetadata substitutes for an omitted algorithm and application type (private there; a unit test checks them).
const DEFAULT_SIGNING_ALGORITHM = 'PS256';
const DEFAULT_APPLICATION_TYPE = 'web';
const APPLICATION_TYPES = ['web', 'mobile'] as const;

const EVERY_OPERATION: ApiOperationId[] = ['registerClient', 'getClient', 'updateClient', 'deleteClient', 'requestToken'];
const MANAGEMENT: ApiOperationId[] = ['getClient', 'updateClient', 'deleteClient'];

// Keyed by the code union, so a code added to OAUTH_ERROR_STATUS cannot be left out of the profile. The "when"
// restates the doc comment of OAUTH_ERROR_STATUS and OB-RULES; the operations are where the handlers answer it.
const ERROR_CODES: Record<OAuthErrorCode, { when: string; operations: ApiOperationId[] }> = {
  invalid_redirect_uri: {
    when: "a redirect URI is not in the SSA's software_redirect_uris, is not a normalised https URL (markup, quotes, whitespace, a fragment or credentials included), or points at localhost or a loopback address",
    operations: ['registerClient', 'updateClient'],
  },
  invalid_client_metadata: {
    when:
      "the registration JWT is malformed, unsigned, badly signed, expired, longer-lived than the bank allows, replayed, or has a bad iss, aud or software_id; an unsupported auth method, algorithm, grant or response type; a conditional claim missing; a scope the SSA's roles don't allow; on PUT, an SSA of other software than the client's",
    operations: ['registerClient', 'updateClient'],
  },
  invalid_software_statement: {
    when: "no SSA, not a JWS, alg none or not allowed, bad signature, unknown kid, malformed claims; the transport certificate is missing or doesn't belong to the SSA's software",
    operations: ['registerClient', 'updateClient'],
  },
  unapproved_software_statement: {
    when: 'the SSA is well formed but not acceptable here: untrusted issuer, organisation not Active, wrong software_environment',
    operations: ['registerClient', 'updateClient'],
  },
  invalid_request: {
    when: 'a request the endpoint cannot read: wrong content type, a missing or repeated parameter, more than one client authentication method',
    operations: ['requestToken'],
  },
  invalid_client: {
    when: "client authentication failed (unknown client, wrong method, bad assertion, subject DN or secret), no client certificate, or the client is not active (pending the bank's review, suspended, revoked)",
    operations: ['requestToken'],
  },
  unauthorized_client: { when: 'the client is not registered for the client_credentials grant', operations: ['requestToken'] },
  unsupported_grant_type: { when: `grant_type is anything but ${TOKEN_GRANT_TYPE}`, operations: ['requestToken'] },
  invalid_scope: { when: 'the requested scope is not a subset of the scopes the client is registered for', operations: ['requestToken'] },
  invalid_token: {
    when: 'a missing, expired, revoked or certificate-unbound access token, or an unknown or deleted client id on /register/{clientId} (the token is then revoked)',
    operations: MANAGEMENT,
  },
  access_denied: { when: 'a valid access token used for another client’s registration', operations: MANAGEMENT },
  untrusted_proxy: { when: "the request did not come through the bank's TLS terminator", operations: EVERY_OPERATION },
  payload_too_large: { when: "a body over the endpoint's cap", operations: ['registerClient', 'updateClient', 'requestToken'] },
  too_many_requests: { when: 'the client certificate or address is over the endpoint’s rate limit; Retry-After says when to try again', operations: EVERY_OPERATION },
  server_error: { when: 'an unexpected fault, answered without detail', operations: EVERY_OPERATION },
  temporarily_unavailable: {
    when: "the bank's own authorization server (AUTHORIZATION_SERVER) did not confirm the change in time: nothing that grants access was kept; retry",
    operations: ['registerClient', 'updateClient', 'deleteClient'],
  },
};

/**
 * Builds the bank's published DCR profile from the configuration, the bank's registration policy and the
 * code's own constants, so the API page and `/openapi.json` state exactly what the handlers enforce.
 * Without a policy it states what the configuration allows (a policy only narrows it).
 */
export function buildApiProfile(env: ApiProfileEnv, policy: ApiProfilePolicy | null = null) {
  // The authorization server's issuer is MTLS_URL (lib/api-host): discovery, keys and every endpoint live there.
  const issuer = env.mtlsUrl;
  const registerUrl = `${issuer}/register`;
  const tokenUrl = `${issuer}/token`;
  // As the validation context builds it (client_secret_basic only if configured), then narrowed by the policy.
  const configuredMethods = registrationAuthMethods(env).dynamic;
  const dcrAuthMethods = policy ? configuredMethods.filter((method) => policy.tokenEndpointAuthMethods.includes(method)) : configuredMethods;
  const roles = Object.keys(ROLE_SCOPES) as SoftwareRole[];
  const signingAlgs: string[] = [...OB_SIGNING_ALGORITHMS];
  // The launcher runs its own terminator for an https MTLS_URL on this machine; anywhere else the bank runs one.
  const isEmbeddedTerminator = new URL(env.mtlsUrl).protocol === 'https:' && isLoopbackHost(new URL(env.mtlsUrl).hostname);

  const operations: ApiOperation[] = [
    {
      id: 'registerClient',
      method: 'POST',
      path: '/register',
      url: registerUrl,
      summary: 'Register a client from a signed registration JWT carrying the SSA (OB DCR v3.3, RFC 7591)',
      security: ['mutualTLS'],
      requestContentTypes: [...REGISTRATION_MEDIA_TYPES],
      maxBodyBytes: REGISTRATION_BODY_MAX_BYTES,
      success: { status: 201, description: 'the client: client_id, client_id_issued_at, the accepted metadata with defaults, the SSA claims' },
    },
    {
      id: 'getClient',
      method: 'GET',
      path: '/register/{clientId}',
      url: `${registerUrl}/{clientId}`,
      summary: "Read the client's current registration (RFC 7592)",
      security: ['mutualTLS', 'bearer'],
      requestContentTypes: [],
      maxBodyBytes: null,
      success: { status: 200, description: 'the registration, as POST /register answered it' },
    },
    {
      id: 'updateClient',
      method: 'PUT',
      path: '/register/{clientId}',
      url: `${registerUrl}/{clientId}`,
      summary: 'Replace the registration: a new registration JWT with every claim again, for the same software (RFC 7592)',
      security: ['mutualTLS', 'bearer'],
      requestContentTypes: [...REGISTRATION_MEDIA_TYPES],
      maxBodyBytes: REGISTRATION_BODY_MAX_BYTES,
      success: { status: 200, description: 'the updated registration' },
    },
    {
      id: 'deleteClient',
      method: 'DELETE',
      path: '/register/{clientId}',
      url: `${registerUrl}/{clientId}`,
      summary: "Delete the client and revoke its access tokens (RFC 7592)",
      security: ['mutualTLS', 'bearer'],
      requestContentTypes: [],
      maxBodyBytes: null,
      success: { status: 204, description: 'deleted; the client id answers 401 from now on' },
    },
    {
      id: 'requestToken',
      method: 'POST',
      path: '/token',
      url: tokenUrl,
      summary: 'Get an access token with the client_credentials grant (RFC 6749 §4.4), bound to the transport certificate (RFC 8705)',
      security: ['mutualTLS'],
      requestContentTypes: [FORM_CONTENT_TYPE],
      maxBodyBytes: TOKEN_BODY_MAX_BYTES,
      success: { status: 200, description: '{ access_token, token_type, expires_in, scope }' },
    },
  ];

  const requestClaims: RequestClaimRule[] = [
    { claim: 'iss', rule: "the SSA's software_id" },
    { claim: 'aud', rule: `${env.aspspOrgId} (the bank's directory organisation id) or ${env.portalUrl}; a string or an array containing one` },
    { claim: 'iat', rule: 'the time of signing, seconds since the epoch; not in the future' },
    { claim: 'exp', rule: "in the future; a few minutes after iat, and at most the bank's cap (policy, 60 minutes by default) after iat and from now" },
    { claim: 'jti', rule: 'unique: a registration JWT is accepted once (send a fresh UUID each time)' },
    { claim: 'software_statement', rule: 'the SSA exactly as the directory issued it' },
    { claim: 'software_id', rule: "optional; if present, the SSA's software_id" },
  ];

  const metadata: MetadataRule[] = [
    {
      claim: 'redirect_uris',
      values: null,
      accepted: "a subset of the SSA's software_redirect_uris",
      defaultValue: "all of the SSA's software_redirect_uris",
      rule: 'https only, no localhost or loopback addresses, no fragment or credentials, no markup, quotes or whitespace; written in normalised form (what new URL(uri).href gives, a bare origin without its "/" aside); compared as exact strings',
    },
    { claim: 'token_endpoint_auth_method', values: dcrAuthMethods, accepted: dcrAuthMethods.join(', '), defaultValue: null, rule: 'required' },
    {
      claim: 'token_endpoint_auth_signing_alg',
      values: signingAlgs,
      accepted: signingAlgs.join(', '),
      defaultValue: null,
      rule: 'required with private_key_jwt; the algorithm of the client assertions',
    },
    {
      claim: 'tls_client_auth_subject_dn',
      values: null,
      accepted: 'an RFC 4514 distinguished name',
      defaultValue: null,
      rule: "required with tls_client_auth: the transport certificate's subject, e.g. CN=<software_id>,OU=<org_id>,O=OpenBanking,C=GB; compared attribute by attribute",
    },
    {
      claim: 'grant_types',
      values: [...REGISTRABLE_GRANT_TYPES],
      accepted: REGISTRABLE_GRANT_TYPES.join(', '),
      defaultValue: REGISTRABLE_GRANT_TYPES.join(', '),
      rule: 'client_credentials is needed to manage the registration',
    },
    {
      claim: 'response_types',
      values: [...REGISTRABLE_RESPONSE_TYPES],
      accepted: REGISTRABLE_RESPONSE_TYPES.map((type) => `"${type}"`).join(', '),
      defaultValue: DEFAULT_RESPONSE_TYPES.map((type) => `"${type}"`).join(', '),
      rule: 'a value is a set: "id_token code" is recorded as "code id_token"',
    },
    { claim: 'id_token_signed_response_alg', values: signingAlgs, accepted: signingAlgs.join(', '), defaultValue: DEFAULT_SIGNING_ALGORITHM, rule: 'RS256 and none are refused' },
    { claim: 'request_object_signing_alg', values: signingAlgs, accepted: signingAlgs.join(', '), defaultValue: DEFAULT_SIGNING_ALGORITHM, rule: 'RS256 and none are refused' },
    {
      claim: 'scope',
      values: null,
      accepted: "space-separated scopes the SSA's software_roles allow",
      defaultValue: 'every scope the roles allow',
      rule: 'see the scopes per role',
    },
    { claim: 'application_type', values: [...APPLICATION_TYPES], accepted: APPLICATION_TYPES.join(', '), defaultValue: DEFAULT_APPLICATION_TYPE, rule: '' },
  ];

  // What oidc-provider accepts as a client assertion's aud: the token endpoint or the issuer.
  const assertionAudiences = [tokenUrl, issuer];
  const authMethods: AuthMethodRule[] = TOKEN_ENDPOINT_AUTH_METHODS.map((method) => {
    const isRegistrable = dcrAuthMethods.includes(method);
    switch (method) {
      case 'private_key_jwt':
        return {
          method,
          isRegistrable,
          requiredMetadata: 'token_endpoint_auth_signing_alg',
          howToAuthenticate: `client_assertion_type=${JWT_BEARER_ASSERTION_TYPE} and a client_assertion signed ${OB_SIGNING_ALGORITHMS.join(' or ')} (the registered token_endpoint_auth_signing_alg) by a key of the software JWKS: iss = sub = client_id, aud = ${assertionAudiences.join(' or ')}, exp at most the bank's cap (policy, 5 minutes by default) after iat and from now, a unique jti, and no claim nesting arrays or objects more than ${CLIENT_ASSERTION_MAX_NESTING - 1} levels deep`,
          note: null,
        };
      case 'tls_client_auth':
        return {
          method,
          isRegistrable,
          requiredMetadata: 'tls_client_auth_subject_dn',
          howToAuthenticate: "client_id in the form; the transport certificate's subject must equal the registered tls_client_auth_subject_dn",
          note: null,
        };
      case 'client_secret_basic':
        return {
          method,
          isRegistrable,
          requiredMetadata: null,
          howToAuthenticate: 'HTTP Basic with the form-urlencoded client id and secret (never client_secret in the body)',
          note: isRegistrable
            ? 'accepted at POST /register by this bank (DCR_ALLOW_CLIENT_SECRET_BASIC); the registration response carries the client_secret, once'
            : 'only for clients registered manually in the portal that chose it; refused at POST /register',
        };
      default: {
        const unknown: never = method;
        throw new Error(`unknown token endpoint auth method ${String(unknown)}`);
      }
    }
  });

  return {
    specification: 'OB DCR v3.3 (RFC 7591, RFC 7592, RFC 8705)',
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    jwksUrl: `${issuer}/jwks`,
    portalUrl: env.portalUrl,
    openApiUrl: `${env.portalUrl}/openapi.json`,
    mtlsUrl: env.mtlsUrl,
    operations,
    /** Per transport certificate and per client address (lib/rate-limit); null: no limit. */
    rateLimits: env.rateLimits,
    registration: {
      contentTypes: [...REGISTRATION_MEDIA_TYPES] as string[],
      signingAlgorithms: [...OB_SIGNING_ALGORITHMS],
      signingKey: 'a key with "use": "sig", found by the JWT header\'s kid in the SSA\'s software_jwks_endpoint',
      audiences: [env.aspspOrgId, env.portalUrl],
      requestClaims,
      metadata,
      authMethods: dcrAuthMethods,
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      /** The status a client registered over DCR starts in, per accepted environment; unknown without the policy. */
      initialStatus: policy
        ? env.trustDomains.map(({ environment }) => ({ environment, status: initialClientStatus(policy, 'DCR', environment) }))
        : null,
    },
    softwareStatement: {
      algorithms: [...OB_SIGNING_ALGORITHMS],
      issuers: [...new Set(env.trustDomains.flatMap((domain) => domain.ssaIssuers))],
      environments: env.trustDomains.map((domain) => domain.environment),
      requiredClaims: [...SSA_REQUIRED_CLAIMS],
      orgStatus: 'Active',
      /** *policy*: how old the SSA's iat may be; null for no limit (or no policy known). */
      maxAgeSeconds: policy?.maxSsaAgeSeconds ?? null,
      maxBytes: SSA_MAX_BYTES,
      /**
       * One per environment (OB-RULES *Trust over time*, environments): the SSA's environment is the domain whose
       * directory key verifies it, and its certificates must chain to that domain's CA.
       */
      trustDomains: env.trustDomains.map((domain) => ({
        environment: domain.environment,
        issuers: [...domain.ssaIssuers],
        directoryJwksUri: domain.jwksUri,
        jwksHosts: [...domain.jwksHosts],
      })),
    },
    scopes: {
      alwaysAllowed: allowedScopesForRoles([]),
      byRole: roles.map((role) => ({ role, scopes: allowedScopesForRoles([role]) })),
    },
    token: {
      grantTypes: [TOKEN_GRANT_TYPE],
      authMethods,
      assertion: { type: JWT_BEARER_ASSERTION_TYPE, algorithms: [...OB_SIGNING_ALGORITHMS], audiences: assertionAudiences },
      defaultScope: 'every scope the client is registered for, except openid',
      accessToken: {
        format: `opaque; the bank's resource servers introspect it (RFC 7662) at ${issuer}/token/introspection, and the client may revoke it (RFC 7009) at ${issuer}/token/revocation`,
        issuer,
        audience: `${issuer}/register/{clientId} and the bank's resource servers`,
        lifetimeSeconds: env.accessTokenTtlSeconds,
        binding: 'cnf.x5t#S256',
        use: 'GET, PUT and DELETE /register/{clientId} of the client it was issued to, over a connection with the same certificate',
      },
    },
    mtls: {
      terminator: isEmbeddedTerminator ? ('embedded' as const) : ('bank' as const),
      /** The CA the embedded terminator's server certificate comes from; TPP software must trust it. */
      serverCaPath: isEmbeddedTerminator ? path.join(env.dataDir, 'mtls', 'ca.pem') : null,
      trustedClientCa: env.isSandboxDirectory
        ? { name: "the sandbox directory's test CA", url: `${env.sandboxDirectoryUrl}/ca/bundle.pem` }
        : { name: "the Open Banking Directory's issuing CAs", url: null },
      certHeader: env.mtlsCertHeader,
      transportCertificate: [
        'present, unexpired, and chaining to the directory CA (DIRECTORY_CA_BUNDLE)',
        "belongs to the SSA's software: legacy OB certificates carry CN = software_id and OU = org_id; OBWAC/eIDAS certificates carry the org id in CN or organizationIdentifier",
        ...(env.requireTransportCertInSoftwareJwks ? ['also published (x5c[0]) with "use": "tls" in the software JWKS'] : []),
      ],
      terminatorAnswers: [
        { status: 404, error: 'invalid_request', when: 'a path other than /register, /register/{clientId} and /token' },
        { status: 502, error: 'temporarily_unavailable', when: 'the portal behind the terminator is not answering' },
      ] satisfies TerminatorAnswer[],
    },
    errors: (Object.keys(OAUTH_ERROR_STATUS) as OAuthErrorCode[]).map(
      (code): ErrorCodeRule => ({ code, status: OAUTH_ERROR_STATUS[code], when: ERROR_CODES[code].when, operations: ERROR_CODES[code].operations }),
    ),
  };
}
