import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt, decodeProtectedHeader, exportJWK, importPKCS8, type JWK } from 'jose';
import { createLruCache } from '@/lib/cache/create-lru-cache';
import { distinguishedNamesEqual } from '@/lib/certificates/distinguished-names-equal';
import { parseDistinguishedName, type DistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import type { PrismaClient } from '@/lib/db';
import type { GuardedFetch } from '@/lib/keys/guarded-fetch';
import { DEFAULT_JWKS_MAX_BYTES } from '@/lib/keys/jwks-source-defaults';
import { ALWAYS_ALLOWED_SCOPE, BANK_SIGNING_ALG, OB_SIGNING_ALGORITHMS, SERVED_SCOPES, TOKEN_ENDPOINT_AUTH_METHODS, TOKEN_GRANT_TYPE } from '@/lib/profile/ob-profile';
import { CLIENT_ASSERTION_MAX_NESTING, CLOCK_TOLERANCE_SECONDS, DEFAULT_CLIENT_ASSERTION_MAX_LIFETIME_SECONDS } from '@/lib/tokens/token-policy';
import { checkJwtLifetime } from '@/lib/validation/check-jwt-lifetime';
import { exceedsNestingDepth } from '@/lib/validation/exceeds-nesting-depth';
import { auditTokenEvents } from './audit-token-events';
import { createObChecks, type ObCheckFailure, type ObChecks, type ObTrustSources } from './create-ob-checks';
import { createPrismaOidcAdapter, type OidcAdapterDb } from './create-prisma-oidc-adapter';
import { loadOidcProviderModule } from './load-oidc-provider-module';
import type { OidcClient, OidcErrors, OidcKoaContext, OidcProvider, OidcToken } from './oidc-provider-types';
import { noteRequestClient } from '@/lib/logging/logger';
import { tokenRefusals } from '@/lib/metrics/metrics';

/** A bank resource server that may introspect any token: a static client authenticating with `tls_client_auth`. */
export type ResourceServerClient = { clientId: string; tlsClientAuthSubjectDn: string };

/** What the API host injects; this module reads no environment and opens no database of its own. */
export type EmbeddedAuthorizationServerOptions = {
  /** The API host's `MTLS_URL` (e.g. `https://localhost:8443`); the provider is mounted at its root. */
  issuer: string;
  /** The app's Prisma client: the audit of failed client authentications. */
  prisma: PrismaClient;
  /** The app's plain SQL (`getSql()`): oidc-provider's state, read and written on every token request (issue 10 part 5). */
  sql: OidcAdapterDb;
  /** The bank's keys (PKCS#8 PEM, PS256), as the SigningKey table holds them; the first signs. */
  signingKeys: readonly { kid: string; privateKeyPem: string }[];
  /** PEM of the request's mTLS client certificate when it verified against the CA bundle, else null. */
  getClientCertificate: (req: IncomingMessage) => string | null;
  /** The address the request came from, as the API host read it (its socket, or the terminator's word); audited. */
  getClientAddress?: (req: IncomingMessage) => string | null;
  cookieKeys: readonly string[];
  accessTokenTtlSeconds: number;
  /** Fetches a client's `jwks_uri` (lib/keys/guarded-fetch.ts). Without it oidc-provider's own fetch runs. */
  fetchJwks?: GuardedFetch;
  /** Where the default OB checks learn what the directory revoked: its revoked-key lists, OCSP and CRLs. */
  trustSources: ObTrustSources;
  /** The OB checks oidc-provider does not know; default `createObChecks(trustSources)`. */
  obChecks?: ObChecks;
  resourceServers?: readonly ResourceServerClient[];
  /**
   * *policy*: how long a client assertion may live (`Policy.maxClientAssertionLifetimeSeconds`), read for each
   * assertion; default `DEFAULT_CLIENT_ASSERTION_MAX_LIFETIME_SECONDS`.
   */
  readMaxClientAssertionLifetimeSeconds?: () => Promise<number>;
  /** The RFC 7591 endpoint served beside the provider (the API host's `POST /register`), advertised in discovery. */
  registrationEndpoint?: string;
  /** Where unexpected faults are reported (never a token, secret or key); default console.error. */
  logError?: (message: string) => void;
};

/** The embedded authorization server: the provider, its request handler, and how to stop it. */
export type EmbeddedAuthorizationServer = {
  provider: OidcProvider;
  /** The `kid`s of the keys it signs with (readiness: it has some). */
  signingKids: readonly string[];
  callback: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
};

const ROUTES = { token: '/token', introspection: '/token/introspection', revocation: '/token/revocation', jwks: '/jwks' } as const;
const DISCOVERY_PATHS = new Set(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']);
// OB-RULES discovery: only what is served. oidc-provider always mounts (and advertises) an authorization endpoint;
// with no response types it can only fail, so it is neither routed nor advertised, nor is what describes it.
const SERVED_ROUTES = new Map<string, string>([
  ...[...DISCOVERY_PATHS].map((path) => [path, 'GET'] as const),
  [ROUTES.jwks, 'GET'],
  [ROUTES.token, 'POST'],
  [ROUTES.introspection, 'POST'],
  [ROUTES.revocation, 'POST'],
]);
const AUTHORIZATION_ENDPOINT_METADATA = [
  'authorization_endpoint',
  'authorization_response_iss_parameter_supported',
  'claims_parameter_supported',
  'claims_supported',
  'claim_types_supported',
  'code_challenge_methods_supported',
  'request_uri_parameter_supported',
  'response_modes_supported',
];
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Creates the bank's authorization server on panva's oidc-provider (OB-RULES token endpoint: never hand-written
 * protocol code): `client_credentials` only, with `private_key_jwt` (PS256/ES256), `tls_client_auth` and
 * `client_secret_basic`, every request over mutual TLS and every token bound to its certificate (RFC 8705), RFC 7662
 * introspection (JSON, or signed by the bank's keys) and RFC 7009 revocation, on the Prisma adapter.
 */
export async function createEmbeddedAuthorizationServer(options: EmbeddedAuthorizationServerOptions): Promise<EmbeddedAuthorizationServer> {
  const { Provider, errors } = await loadOidcProviderModule();
  const obChecks = options.obChecks ?? createObChecks(options.trustSources);
  const readMaxAssertionLifetime = options.readMaxClientAssertionLifetimeSeconds ?? (async () => DEFAULT_CLIENT_ASSERTION_MAX_LIFETIME_SECONDS);
  const logError = options.logError ?? ((message: string) => console.error(message));
  const resourceServerIds = new Set((options.resourceServers ?? []).map((server) => server.clientId));
  const adapter = createPrismaOidcAdapter(options.sql);
  const getCertificate = (ctx: OidcKoaContext): string | null => options.getClientCertificate(ctx.req);

  const runObChecks = async (ctx: OidcKoaContext & { oidc?: { params?: Record<string, unknown> } }, client: OidcClient): Promise<void> => {
    const failure = await obChecks({
      client: {
        clientId: client.clientId,
        softwareId: client.software_id ?? null,
        orgId: client.org_id ?? null,
        environment: client.software_environment ?? null,
        revokedKeyLists: { software_jwks_revoked_endpoint: client.software_jwks_revoked_endpoint, org_jwks_revoked_endpoint: client.org_jwks_revoked_endpoint },
        jwksUri: client.jwksUri ?? null,
      },
      certificatePem: getCertificate(ctx),
      clientAssertion: readClientAssertion(ctx.oidc?.params?.client_assertion),
    });
    if (failure !== null) throw toOidcError(errors, failure);
  };

  const provider = new Provider(options.issuer, {
    adapter,
    clients: (options.resourceServers ?? []).map((server) => ({
      client_id: server.clientId,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: server.tlsClientAuthSubjectDn,
      grant_types: [],
    })),
    clientDefaults: {
      grant_types: [TOKEN_GRANT_TYPE],
      response_types: [],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: BANK_SIGNING_ALG,
      introspection_signed_response_alg: BANK_SIGNING_ALG,
      tls_client_certificate_bound_access_tokens: true,
    },
    // The software of a client, which the OB checks compare the certificate with (provision-embedded-client.ts).
    extraClientMetadata: {
      properties: ['software_id', 'org_id', 'software_environment', 'software_jwks_revoked_endpoint', 'org_jwks_revoked_endpoint'],
      validator(_ctx: unknown, key: string, value: unknown) {
        if (value !== undefined && (typeof value !== 'string' || value === '')) throw new errors.InvalidClientMetadata(`${key} must be a non-empty string`);
      },
    },
    clientAuthMethods: [...TOKEN_ENDPOINT_AUTH_METHODS],
    // RFC 7515 §7.1 and §2: a client assertion is three base64url parts, unpadded, without whitespace. jose decodes with
    // the forgiving atob (whitespace skipped, "=" taken), so one signed assertion would verify in many spellings: it
    // is refused after its signature is checked and before its jti is spent.
    async assertJwtClientAuthClaimsAndHeader(ctx: OidcKoaContext & { oidc?: { params?: Record<string, unknown> } }, claims: Record<string, unknown>) {
      const assertion = ctx.oidc?.params?.client_assertion;
      if (typeof assertion !== 'string' || !COMPACT_JWS.test(assertion)) {
        throw new errors.InvalidClientAuth('client assertion must be a compact JWS: three base64url parts separated by "."');
      }
      // Issue 15: oidc-provider bounds "exp" below only, and keeps the jti until then (the year 9999 included). The cap
      // is checked here, after the signature and before ReplayDetection spends the jti. oidc-provider has already
      // required "exp" and verified it is a number in the future.
      const limit = { maxLifetimeSeconds: await readMaxAssertionLifetime(), clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS };
      const lifetime = checkJwtLifetime(Number(claims.exp), claims.iat, Math.floor(Date.now() / 1000), limit);
      if (lifetime !== true) throw toOidcError(errors, { error: 'invalid_client', description: `client assertion ${lifetime}` });
    },
    enabledJWA: {
      clientAuthSigningAlgValues: [...OB_SIGNING_ALGORITHMS],
      // OB-RULES registration 7 accepts these for id_token_signed_response_alg; no ID token is issued here.
      idTokenSigningAlgValues: [...OB_SIGNING_ALGORITHMS],
      requestObjectSigningAlgValues: [...OB_SIGNING_ALGORITHMS],
      introspectionSigningAlgValues: [BANK_SIGNING_ALG],
      userinfoSigningAlgValues: [BANK_SIGNING_ALG],
      authorizationSigningAlgValues: [BANK_SIGNING_ALG],
      idTokenEncryptionAlgValues: [],
      requestObjectEncryptionAlgValues: [],
      userinfoEncryptionAlgValues: [],
      introspectionEncryptionAlgValues: [],
      authorizationEncryptionAlgValues: [],
    },
    jwks: { keys: await toPrivateJwks(options.signingKeys) },
    cookies: { keys: [...options.cookieKeys] },
    scopes: [...SERVED_SCOPES],
    responseTypes: [],
    conformIdTokenClaims: false,
    routes: ROUTES,
    ttl: { ClientCredentials: options.accessTokenTtlSeconds, AccessToken: options.accessTokenTtlSeconds },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: false,
        getCertificate,
        // The host hands over only certificates that verified against the CA bundle.
        certificateAuthorized: (ctx: OidcKoaContext) => getCertificate(ctx) !== null,
        certificateSubjectMatches: (ctx: OidcKoaContext, property: string, expected: string) =>
          property === 'tls_client_auth_subject_dn' && isSubjectDnEqual(getCertificate(ctx), expected),
      },
      introspection: {
        enabled: true,
        // RFC 7662 §4: a bank resource server may introspect any token, a client only its own (from its software).
        async allowedPolicy(ctx: OidcKoaContext, client: OidcClient, token: OidcToken) {
          if (resourceServerIds.has(client.clientId)) return true;
          if (token.clientId !== client.clientId) return false;
          await runObChecks(ctx, client);
          return true;
        },
      },
      jwtIntrospection: { enabled: true },
      revocation: {
        enabled: true,
        async allowedPolicy(ctx: OidcKoaContext, client: OidcClient, token: OidcToken) {
          if (token.clientId !== client.clientId) throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          await runObChecks(ctx, client);
          return true;
        },
      },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
    },
    // OB-RULES token endpoint: the certificate of every token request must belong to the client's software. This
    // hook runs for each access token after client authentication and before the token is stored. Tokens stay
    // opaque (no resource server asks for JWT): oidc-provider neither stores, introspects nor revokes structured
    // tokens, and a suspended client's tokens must stop working at once.
    async extraTokenClaims(ctx: OidcKoaContext) {
      const client = ctx.oidc?.client;
      if (!client) throw new Error('an access token is being issued without an authenticated client');
      await runObChecks(ctx, client);
      return undefined;
    },
    async renderError(ctx: OidcKoaContext, out: Record<string, unknown>) {
      // `out` is oidc-provider's public error (server_error without detail): JSON, never a page or a stack.
      ctx.type = 'json';
      ctx.body = out;
    },
    ...(options.fetchJwks ? { fetch: toProviderFetch(options.fetchJwks) } : {}),
    // OB-RULES SSA 8: a JWKS body is capped as the guarded fetch caps it, whichever fetch runs.
    fetchResponseBodyLimits: { jwks_uri: DEFAULT_JWKS_MAX_BYTES },
  });

  // Only the hash of a client secret is stored (schema: Client.secretHash); the client's `client_secret` holds it.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: OidcClient, actual: string) {
    return isSecretOfHash(actual, this.clientSecret);
  };

  grantRegisteredScopesByDefault(provider);
  refuseDeepClientAssertions(provider, errors);

  // RFC 7523 §3 item 7: oidc-provider's ReplayDetection finds, then saves, so two concurrent requests with one jti
  // could both pass; the id is claimed with one INSERT … ON CONFLICT instead.
  const replayAdapter = adapter('ReplayDetection');
  provider.ReplayDetection.unique = async (iss, jti, exp) => {
    const id = createHash('sha256').update(JSON.stringify([iss, jti]), 'utf8').digest('base64url');
    const iat = Math.floor(Date.now() / 1000);
    return replayAdapter.claim(id, { jti: id, kind: 'ReplayDetection', iss, iat, exp }, exp - iat);
  };

  // oidc-provider builds endpoint URLs (discovery, and the "aud" a client assertion may carry) from the request's
  // host and scheme. They are pinned to the issuer's, so that a Host header cannot make this server accept an
  // assertion minted for another authorization server's token endpoint, nor advertise another host.
  const issuerUrl = new URL(options.issuer);
  provider.proxy = true;
  provider.use(async (ctx, next) => {
    try {
      ctx.req.headers['x-forwarded-host'] = issuerUrl.host;
      ctx.req.headers['x-forwarded-proto'] = issuerUrl.protocol.slice(0, -1);
      delete ctx.req.headers['x-forwarded-for'];
      const method = SERVED_ROUTES.get(ctx.path);
      if (method !== ctx.method) {
        respond(ctx, 404, { error: 'invalid_request', error_description: 'the authorization server does not serve this route' });
        return;
      }
      // OB-RULES transport certificate: /token (and its introspection and revocation) only over mutual TLS.
      if (method === 'POST' && getCertificate(ctx) === null) {
        respond(ctx, 401, { error: 'invalid_client', error_description: 'a client certificate is required' });
        return;
      }
    } catch (error) {
      logError(describeFault('authorization server: the request could not be checked', error));
      respond(ctx, 500, { error: 'server_error', error_description: 'the server could not complete the request' });
      return;
    }
    await next();
    if (DISCOVERY_PATHS.has(ctx.path) && ctx.status === 200 && isObject(ctx.body)) ctx.body = toServedMetadata(ctx.body, options.registrationEndpoint);
  });

  provider.on('grant.error', (ctx, error) => {
    tokenRefusals.inc({ error: (error as { error?: string }).error ?? 'unknown' });
    noteRequestClient(ctx.req, ctx.oidc?.client?.clientId);
  });
  provider.on('grant.success', (ctx) => noteRequestClient(ctx.req, ctx.oidc?.client?.clientId));
  provider.on('server_error', (ctx, error) => {
    logError(describeFault(`authorization server: unexpected fault on ${ctx.method} ${ctx.path}`, error));
  });
  auditTokenEvents(provider, {
    prisma: options.prisma,
    getClientCertificate: options.getClientCertificate,
    getClientAddress: options.getClientAddress ?? ((req) => req.socket.remoteAddress ?? null),
    logError,
  });

  const handle = provider.callback();
  return {
    provider,
    signingKids: options.signingKeys.map((key) => key.kid),
    callback: (req, res) => void handle(req, res),
    close: async () => provider.removeAllListeners(),
  };
}

// The client assertion that has authenticated the client (its signature verified), by the kid the revoked lists name.
function readClientAssertion(assertion: unknown): { kid: string | null } | null {
  if (typeof assertion !== 'string') return null;
  try {
    const { kid } = decodeProtectedHeader(assertion);
    return { kid: typeof kid === 'string' && kid !== '' ? kid : null };
  } catch {
    return { kid: null };
  }
}

/**
 * A client-credentials request without `scope` gets every scope the client is registered for except `openid` (the API
 * page and OpenAPI document say so; oidc-provider would grant none). oidc-provider reads the requested scopes through
 * one getter of its request context, which this wraps for that case only; a request that names scopes is unchanged.
 */
function grantRegisteredScopesByDefault(provider: OidcProvider): void {
  const prototype = provider.OIDCContext.prototype as object;
  const requested = Object.getOwnPropertyDescriptor(prototype, 'requestParamScopes')?.get;
  if (!requested) throw new Error('oidc-provider no longer reads requested scopes through OIDCContext#requestParamScopes');
  Object.defineProperty(prototype, 'requestParamScopes', {
    configurable: true,
    get(this: { params?: Record<string, unknown>; client?: OidcClient; route?: string }) {
      const scopes = requested.call(this) as Set<string>;
      if (scopes.size > 0 || this.route !== 'token' || this.params?.grant_type !== TOKEN_GRANT_TYPE || !this.client?.scope) return scopes;
      return new Set(this.client.scope.split(' ').filter((scope) => scope !== '' && scope !== ALWAYS_ALLOWED_SCOPE));
    },
  });
}

/**
 * A client assertion whose claims nest deeper than `CLIENT_ASSERTION_MAX_NESTING` levels is refused (invalid_client)
 * before oidc-provider authenticates with it: after verifying its signature oidc-provider copies the claims with
 * `structuredClone`, which overflows the stack on a claim nested about 1 600 objects deep and answers 500. The
 * check runs where the client is attached to the request, between reading the parameters and client
 * authentication; an assertion that does not decode is left to oidc-provider to refuse.
 */
function refuseDeepClientAssertions(provider: OidcProvider, errors: OidcErrors): void {
  const prototype = provider.OIDCContext.prototype as { entity?: (key: string, value: unknown) => void };
  const entity = prototype.entity;
  if (typeof entity !== 'function') throw new Error('oidc-provider no longer attaches the client through OIDCContext#entity');
  prototype.entity = function checkedEntity(this: { params?: Record<string, unknown> }, key: string, value: unknown) {
    const assertion = this.params?.client_assertion;
    if (key === 'Client' && typeof assertion === 'string') {
      let claims: unknown;
      try {
        claims = decodeJwt(assertion);
      } catch {
        claims = undefined;
      }
      if (exceedsNestingDepth(claims, CLIENT_ASSERTION_MAX_NESTING)) {
        throw new errors.InvalidClientAuth(`client assertion claims must not nest deeper than ${CLIENT_ASSERTION_MAX_NESTING} levels`);
      }
    }
    entity.call(this, key, value);
  };
}

async function toPrivateJwks(keys: readonly { kid: string; privateKeyPem: string }[]): Promise<JWK[]> {
  if (keys.length === 0) throw new TypeError('"signingKeys" must hold at least one key');
  return Promise.all(
    keys.map(async ({ kid, privateKeyPem }) => ({
      ...(await exportJWK(await importPKCS8(privateKeyPem, BANK_SIGNING_ALG, { extractable: true }))),
      kid,
      alg: BANK_SIGNING_ALG,
      use: 'sig',
    })),
  );
}

// oidc-provider calls `fetch(url, { method, headers, signal, dispatcher })`; the guarded fetch makes its own
// connections (allow-listed hosts, public addresses, no redirects, a time limit and a byte cap) and keeps the signal.
function toProviderFetch(fetchJwks: GuardedFetch) {
  return (url: string | URL, init: { headers?: HeadersInit; signal?: AbortSignal } = {}) =>
    fetchJwks(String(url), { headers: init.headers, signal: init.signal });
}

// A client presents the same certificate against the same registered DN on every token request, and the comparison
// (parsing, Unicode normalisation) is a pure function of the two: answers are kept, the least recently used dropped.
const subjectMatches = createLruCache<boolean>(1_000);

// RFC 8705 §2.1.2 and OB-RULES transport certificate: compare as distinguished names (attribute sets), not strings.
function isSubjectDnEqual(certificatePem: string | null, registered: string): boolean {
  if (certificatePem === null) return false;
  let subject: DistinguishedName;
  let thumbprint: string;
  try {
    ({ subject, thumbprintS256: thumbprint } = readCertificate(certificatePem));
  } catch {
    return false;
  }
  const key = `${thumbprint}\u0000${registered}`;
  const cached = subjectMatches.get(key);
  if (cached !== undefined) return cached;
  const expected = parseDistinguishedName(registered);
  const isEqual = expected !== null && distinguishedNamesEqual(subject, expected);
  subjectMatches.set(key, isEqual);
  return isEqual;
}

function isSecretOfHash(secret: string, secretHash: string | undefined): boolean {
  if (typeof secret !== 'string' || !secretHash) return false;
  const presented = Buffer.from(hashClientSecret(secret), 'hex');
  const expected = Buffer.from(secretHash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function toOidcError(errors: OidcErrors, failure: ObCheckFailure) {
  // RFC 6749 §5.2: invalid_client is a 401; the description says what to fix and names no secret.
  const error = new errors.InvalidClientAuth(failure.description);
  error.error_description = failure.description;
  return error;
}

function toServedMetadata(body: Record<string, unknown>, registrationEndpoint: string | undefined): Record<string, unknown> {
  const served = Object.fromEntries(Object.entries(body).filter(([name]) => !AUTHORIZATION_ENDPOINT_METADATA.includes(name)));
  if (registrationEndpoint !== undefined) served.registration_endpoint = registrationEndpoint;
  // RFC 8705 §5: every endpoint here accepts only mutual TLS, so the aliases are the endpoints themselves.
  served.mtls_endpoint_aliases = Object.fromEntries(
    ['token_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'registration_endpoint'].filter((name) => typeof served[name] === 'string').map((name) => [name, served[name]]),
  );
  return served;
}

function respond(ctx: OidcKoaContext, status: number, body: { error: string; error_description: string }): void {
  ctx.status = status;
  ctx.body = body;
  for (const [name, value] of Object.entries(NO_STORE)) ctx.set(name, value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The name and message only: no stack, no request, nothing a token or secret could be in.
function describeFault(prefix: string, error: unknown): string {
  return error instanceof Error ? `${prefix}: ${error.name}: ${error.message}` : `${prefix}: ${String(error)}`;
}
