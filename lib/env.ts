import path from 'node:path';
import { z } from 'zod';
import { isLogLevel } from '@/lib/logging/log-level';
import { readTrustDomainsFile, TrustDomainsFileError, type TrustDomainConfig } from '@/lib/trust-domains/trust-domains-file';

/** The sandbox bank's directory organisation id, used when `ASPSP_ORG_ID` is unset. */
export const SANDBOX_BANK_ORG_ID = '0015800001ONBRDBNK';
/** Where the embedded sandbox directory listens unless `SANDBOX_DIRECTORY_URL` says otherwise. */
export const DEFAULT_SANDBOX_DIRECTORY_URL = 'http://localhost:4000';

const httpUrlSchema = (name: string) =>
  z.url({ message: `${name} must be an absolute http(s) URL` }).refine((value) => /^https?:$/.test(new URL(value).protocol), {
    message: `${name} must be an absolute http(s) URL`,
  });

const listSchema = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const booleanSchema = (name: string) =>
  z.enum(['true', 'false'], { message: `${name} must be true or false` }).transform((value) => value === 'true');

const countSchema = (name: string, min: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(1_000_000, `${name} must be at most 1000000`);

/**
 * A rate limit per minute for each environment: `N` for every environment, or `sandbox=300,production=60`, a bare
 * `N` among them for the environments not named (and for requests whose certificate no trust domain issued); 0 is
 * no limit.
 */
const rateLimitSchema = (name: string) =>
  z.string().transform((value, ctx): z.infer<typeof rateLimitTableSchema> => {
    const table: { byEnvironment: Record<string, number | null>; otherwise: number | null } = { byEnvironment: {}, otherwise: null };
    let hasOtherwise = false;
    for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
      const match = /^(?:([a-z][a-z0-9_-]*)=)?(\d{1,7})$/.exec(item);
      if (match === null) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number per minute, or environment=number pairs such as sandbox=300,60; got "${item}"` });
        return z.NEVER;
      }
      const perMinute = Number(match[2]) === 0 ? null : Number(match[2]);
      if (match[1] === undefined) {
        table.otherwise = perMinute;
        hasOtherwise = true;
      } else table.byEnvironment[match[1]] = perMinute;
    }
    if (!hasOtherwise) {
      ctx.addIssue({ code: 'custom', message: `${name} must include a bare number for the other environments, such as sandbox=300,60` });
      return z.NEVER;
    }
    return table;
  });

const rateLimitTableSchema = z.object({ byEnvironment: z.record(z.string(), z.number().nullable()), otherwise: z.number().nullable() });

const databaseUrlSchema = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL with a host (unset it to use the embedded database)' },
  );

const rawEnvSchema = z.object({
  PORTAL_URL: httpUrlSchema('PORTAL_URL').default('http://localhost:3000'),
  MTLS_URL: httpUrlSchema('MTLS_URL').default('https://localhost:8443'),
  ASPSP_ORG_ID: z.string().min(1).default(SANDBOX_BANK_ORG_ID),
  DATABASE_URL: databaseUrlSchema.optional(),
  DATABASE_PREPARED_STATEMENTS: booleanSchema('DATABASE_PREPARED_STATEMENTS').default(true),
  DATA_DIR: z.string().min(1).default('.data'),
  SANDBOX_DIRECTORY_URL: httpUrlSchema('SANDBOX_DIRECTORY_URL').default(DEFAULT_SANDBOX_DIRECTORY_URL),
  DIRECTORY_ISSUER: httpUrlSchema('DIRECTORY_ISSUER').optional(),
  DIRECTORY_CLIENT_ID: z.string().min(1).default('onboard-portal'),
  DIRECTORY_CLIENT_SECRET: z.string().min(1).optional(),
  DIRECTORY_SCOPE: z.string().min(1).default('openid email profile'),
  DIRECTORY_ID_TOKEN_ALG: z.enum(['PS256', 'ES256', 'RS256']).default('PS256'),
  DIRECTORY_CLAIM_TPP_ASSOCIATED: z.string().min(1).default('tpp_associated'),
  DIRECTORY_CLAIM_ORG_ID: z.string().min(1).default('org_id'),
  DIRECTORY_CLAIM_ORG_NAME: z.string().min(1).default('org_name'),
  DIRECTORY_CLAIM_ORG_ROLES: z.string().min(1).default('org_roles'),
  DIRECTORY_SSA_ISSUERS: listSchema.default(['OpenBanking Ltd']),
  DIRECTORY_JWKS_URI: httpUrlSchema('DIRECTORY_JWKS_URI').optional(),
  DIRECTORY_CA_BUNDLE: z.string().min(1).optional(),
  DIRECTORY_JWKS_HOSTS: listSchema.optional(),
  DIRECTORY_PKI_HOSTS: listSchema.optional(),
  SOFTWARE_ENVIRONMENT: listSchema.default(['sandbox']),
  TRUST_DOMAINS_FILE: z.string().min(1).optional(),
  MTLS_CERT_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i, 'MTLS_CERT_HEADER must be an HTTP header name')
    .transform((value) => value.toLowerCase())
    .default('x-ssl-client-cert'),
  AUTHORIZATION_SERVER: z
    .string()
    .refine((value) => value === 'embedded' || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)), {
      message: 'AUTHORIZATION_SERVER must be embedded or the issuer URL of an RFC 7591/7592 authorization server',
    })
    .default('embedded'),
  AUTHORIZATION_SERVER_INITIAL_ACCESS_TOKEN: z.string().min(1).optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  KEY_ENCRYPTION_KEY: z.string().min(1).optional(),
  BANK_IDP_ISSUER: httpUrlSchema('BANK_IDP_ISSUER').optional(),
  BANK_IDP_CLIENT_ID: z.string().min(1).default('onboard-admin'),
  BANK_IDP_CLIENT_SECRET: z.string().min(1).optional(),
  BANK_IDP_SCOPE: z.string().min(1).default('openid email profile'),
  BANK_IDP_ID_TOKEN_ALG: z.enum(['PS256', 'ES256', 'RS256']).default('PS256'),
  BANK_IDP_GROUPS_CLAIM: z.string().min(1).default('groups'),
  BANK_IDP_ADMIN_GROUP: z.string().min(1).default('onboard-admins'),
  BANK_IDP_ADMIN_ALLOWLIST: listSchema.default([]),
  MTLS_PROXY_SECRET: z.string().min(32, 'MTLS_PROXY_SECRET must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  DCR_ALLOW_CLIENT_SECRET_BASIC: booleanSchema('DCR_ALLOW_CLIENT_SECRET_BASIC').default(false),
  REQUIRE_TRANSPORT_CERT_IN_SOFTWARE_JWKS: booleanSchema('REQUIRE_TRANSPORT_CERT_IN_SOFTWARE_JWKS').default(false),
  REVOCATION_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  CERTIFICATE_STATUS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
  CERTIFICATE_STATUS_SOFT_FAIL: listSchema.default([]),
  TRUST_RECHECK_INTERVAL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(21_600),
  API_ADDRESS: z
    .string()
    .regex(/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\]):\d{1,5}$/i, 'API_ADDRESS must be host:port, such as 127.0.0.1:8080')
    .default('127.0.0.1:8080'),
  METRICS_ADDRESS: z
    .string()
    .regex(/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\]):\d{1,5}$/i, 'METRICS_ADDRESS must be host:port, such as 127.0.0.1:9464')
    .default('127.0.0.1:9464'),
  LOG_LEVEL: z.string().refine(isLogLevel, { message: 'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent' }).default('info'),
  API_WORKERS: countSchema('API_WORKERS', 1).default(1),
  PORTAL_WORKERS: countSchema('PORTAL_WORKERS', 1).default(1),
  // The sandbox lets an OB-conformance-style run (about 60 requests a minute from one certificate) through untouched.
  RATE_LIMIT_REGISTER_PER_MINUTE: rateLimitSchema('RATE_LIMIT_REGISTER_PER_MINUTE').prefault('sandbox=300,60'),
  RATE_LIMIT_TOKEN_PER_MINUTE: rateLimitSchema('RATE_LIMIT_TOKEN_PER_MINUTE').prefault('sandbox=1200,600'),
  REDIS_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
    .optional(),
}).superRefine((raw, ctx) => {
  // /metrics has a listener of its own: on the API host's plain or mutual TLS port it could not listen (or be reached by TPPs).
  const metricsPort = raw.METRICS_ADDRESS.slice(raw.METRICS_ADDRESS.lastIndexOf(':') + 1);
  const mtlsPort = new URL(raw.MTLS_URL).port || '443';
  // Port 0 (tests) picks a free port for each listener.
  if (metricsPort !== '0' && (metricsPort === raw.API_ADDRESS.slice(raw.API_ADDRESS.lastIndexOf(':') + 1) || metricsPort === mtlsPort)) {
    ctx.addIssue({ code: 'custom', path: ['METRICS_ADDRESS'], message: 'METRICS_ADDRESS must use a port of its own, neither API_ADDRESS\'s nor MTLS_URL\'s' });
  }
  // A remote authorization server issues its own client secrets, while Onboard keeps only the hash of the one it
  // showed the TPP: it cannot provision a client_secret_basic client there (to-remote-client-metadata.ts).
  if (raw.AUTHORIZATION_SERVER !== 'embedded' && raw.DCR_ALLOW_CLIENT_SECRET_BASIC) {
    ctx.addIssue({
      code: 'custom',
      path: ['DCR_ALLOW_CLIENT_SECRET_BASIC'],
      message: 'DCR_ALLOW_CLIENT_SECRET_BASIC cannot be true with a remote AUTHORIZATION_SERVER, which issues its own client secrets',
    });
  }
});

/** The validated configuration: the DESIGN.md contract with every default resolved. */
export type Env = ReturnType<typeof resolveEnv>;

function resolveEnv(raw: z.infer<typeof rawEnvSchema>, trustDomainsFile: TrustDomainConfig[] | null) {
  // turbopackIgnore: these are run-time paths under the data directory, not files to bundle.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ raw.DATA_DIR);
  const sandboxDirectoryUrl = trimSlash(raw.SANDBOX_DIRECTORY_URL);
  const directoryIssuer = trimSlash(raw.DIRECTORY_ISSUER ?? sandboxDirectoryUrl);
  const bankIdpIssuer = trimSlash(raw.BANK_IDP_ISSUER ?? sandboxDirectoryUrl);
  return {
    portalUrl: trimSlash(raw.PORTAL_URL),
    mtlsUrl: trimSlash(raw.MTLS_URL),
    aspspOrgId: raw.ASPSP_ORG_ID,
    databaseUrl: raw.DATABASE_URL,
    /** PostgreSQL: the app's statements are prepared once per connection (off behind a pooler that cannot keep them). */
    databasePreparedStatements: raw.DATABASE_PREPARED_STATEMENTS,
    dataDir,
    /** The embedded sandbox directory runs only when it is the configured directory. */
    isSandboxDirectory: directoryIssuer === sandboxDirectoryUrl,
    sandboxDirectoryUrl,
    directory: {
      issuer: directoryIssuer,
      clientId: raw.DIRECTORY_CLIENT_ID,
      clientSecret: raw.DIRECTORY_CLIENT_SECRET,
      scope: raw.DIRECTORY_SCOPE,
      idTokenAlg: raw.DIRECTORY_ID_TOKEN_ALG,
      claims: {
        tppAssociated: raw.DIRECTORY_CLAIM_TPP_ASSOCIATED,
        orgId: raw.DIRECTORY_CLAIM_ORG_ID,
        orgName: raw.DIRECTORY_CLAIM_ORG_NAME,
        orgRoles: raw.DIRECTORY_CLAIM_ORG_ROLES,
      },
    },
    /** The bank's workforce IdP, where admins sign in; the sandbox directory plays it by default. */
    bankIdp: {
      issuer: bankIdpIssuer,
      isSandbox: bankIdpIssuer === sandboxDirectoryUrl,
      clientId: raw.BANK_IDP_CLIENT_ID,
      clientSecret: raw.BANK_IDP_CLIENT_SECRET,
      scope: raw.BANK_IDP_SCOPE,
      idTokenAlg: raw.BANK_IDP_ID_TOKEN_ALG,
      groupsClaim: raw.BANK_IDP_GROUPS_CLAIM,
      adminGroup: raw.BANK_IDP_ADMIN_GROUP,
      /** Emails or subjects that are admins whatever their groups. */
      adminAllowlist: raw.BANK_IDP_ADMIN_ALLOWLIST,
    },
    /**
     * The trust domains, one per environment the deployment serves (OB-RULES *Trust over time*, environments):
     * `TRUST_DOMAINS_FILE`, or the single-domain shorthand (`DIRECTORY_SSA_ISSUERS`, `DIRECTORY_JWKS_URI`,
     * `DIRECTORY_CA_BUNDLE`, `DIRECTORY_JWKS_HOSTS`, `DIRECTORY_PKI_HOSTS`) for each `SOFTWARE_ENVIRONMENT`.
     */
    trustDomainsFile: raw.TRUST_DOMAINS_FILE ?? null,
    trustDomains: trustDomainsFile ?? raw.SOFTWARE_ENVIRONMENT.map((environment) => singleTrustDomain(raw, environment, dataDir, sandboxDirectoryUrl)),
    mtlsCertHeader: raw.MTLS_CERT_HEADER,
    /** Which authorization server serves tokens, and into which Onboard provisions its clients. */
    authorizationServer: toAuthorizationServer(raw.AUTHORIZATION_SERVER, raw.AUTHORIZATION_SERVER_INITIAL_ACCESS_TOKEN),
    /** Shared with the TLS terminator, which sends it with every request; the certificate header is trusted only with it. */
    mtlsProxySecret: raw.MTLS_PROXY_SECRET,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    /** The API host's plain HTTP listener, for the bank's TLS terminator (nginx). */
    apiAddress: parseAddress(raw.API_ADDRESS),
    /** Where the API host serves `/metrics` (Prometheus), never the mTLS port. */
    metricsAddress: parseAddress(raw.METRICS_ADDRESS),
    /** The pino level of the API host's logs (read by the logger from the environment, checked here at start). */
    logLevel: raw.LOG_LEVEL,
    /** Processes of the API host and of the portal that `npm start` runs (above 1 needs PostgreSQL). */
    workers: { api: raw.API_WORKERS, portal: raw.PORTAL_WORKERS },
    dcrAllowClientSecretBasic: raw.DCR_ALLOW_CLIENT_SECRET_BASIC,
    requireTransportCertInSoftwareJwks: raw.REQUIRE_TRANSPORT_CERT_IN_SOFTWARE_JWKS,
    /** How long a revocation status (the directory's revoked-key lists) is trusted before it is read again; 0: every time. */
    revocationCacheMaxAgeSeconds: raw.REVOCATION_CACHE_MAX_AGE_SECONDS,
    /**
     * Certificates' revocation status from their authority (OCSP, CRL): trusted until the answer's `nextUpdate`, never
     * longer than `maxAgeSeconds` (0: asked every time); in `softFailEnvironments` a status that cannot be established
     * lets the certificate through, elsewhere it is refused.
     */
    certificateStatus: { maxAgeSeconds: raw.CERTIFICATE_STATUS_MAX_AGE_SECONDS, softFailEnvironments: raw.CERTIFICATE_STATUS_SOFT_FAIL },
    /** How often every live client's kept certificates are re-checked, once across all instances (OB-RULES *Trust over time*). */
    trustRecheckIntervalSeconds: raw.TRUST_RECHECK_INTERVAL_SECONDS,
    /**
     * Requests a minute per client certificate, per software it names and per client address, for `/register…`
     * (every method) and `/token` (with its introspection and revocation), by the environment of the trust domain
     * whose CA issued the certificate; null: no limit. Shared by every instance (`REDIS_URL`, else PostgreSQL).
     */
    rateLimits: { register: raw.RATE_LIMIT_REGISTER_PER_MINUTE, token: raw.RATE_LIMIT_TOKEN_PER_MINUTE },
    /** The shared store of the rate limits, when not PostgreSQL. */
    redisUrl: raw.REDIS_URL ?? null,
    nextAuthSecret: raw.NEXTAUTH_SECRET,
    /** The key (base64url, 32 bytes) or key file that encrypts private keys at rest; unset: generated under DATA_DIR. */
    keyEncryptionKey: raw.KEY_ENCRYPTION_KEY,
  };
}

// The shorthand: one directory's keys, CA and hosts (the sandbox directory's by default) for `environment`.
function singleTrustDomain(raw: z.infer<typeof rawEnvSchema>, environment: string, dataDir: string, sandboxDirectoryUrl: string): TrustDomainConfig {
  const sandboxHost = new URL(sandboxDirectoryUrl).host;
  return {
    environment,
    ssaIssuers: raw.DIRECTORY_SSA_ISSUERS,
    jwksUri: raw.DIRECTORY_JWKS_URI ?? `${sandboxDirectoryUrl}/keystore/openbanking.jwks`,
    caBundlePath: path.resolve(/*turbopackIgnore: true*/ raw.DIRECTORY_CA_BUNDLE ?? path.join(dataDir, 'directory', 'ca-bundle.pem')),
    jwksHosts: raw.DIRECTORY_JWKS_HOSTS ?? [sandboxHost],
    pkiHosts: raw.DIRECTORY_PKI_HOSTS ?? [sandboxHost],
  };
}

/** The single-domain variables `TRUST_DOMAINS_FILE` replaces: setting both would leave one of them silently unused. */
const SINGLE_DOMAIN_VARIABLES = ['DIRECTORY_SSA_ISSUERS', 'DIRECTORY_JWKS_URI', 'DIRECTORY_CA_BUNDLE', 'DIRECTORY_JWKS_HOSTS', 'DIRECTORY_PKI_HOSTS', 'SOFTWARE_ENVIRONMENT'];

function readTrustDomains(cleaned: Record<string, string | undefined>, filePath: string | undefined): TrustDomainConfig[] | null {
  if (filePath === undefined) return null;
  const alsoSet = SINGLE_DOMAIN_VARIABLES.filter((name) => cleaned[name] !== undefined);
  if (alsoSet.length > 0) throw new EnvError([`TRUST_DOMAINS_FILE: replaces ${alsoSet.join(', ')}; unset them or describe the domain in the file`]);
  try {
    return readTrustDomainsFile(filePath);
  } catch (error) {
    if (!(error instanceof TrustDomainsFileError)) throw error;
    throw new EnvError(error.issues.map((issue) => `TRUST_DOMAINS_FILE (${filePath}): ${issue}`));
  }
}

/** An endpoint's rate limits: requests a minute by environment, and for any other; null: no limit. */
export type RateLimitTable = z.infer<typeof rateLimitTableSchema>;

/** The embedded oidc-provider, or the bank's own server reached over RFC 7591/7592 with its initial access token. */
export type AuthorizationServerConfig = { kind: 'embedded' } | { kind: 'remote'; issuer: string; initialAccessToken: string | undefined };

function toAuthorizationServer(value: string, initialAccessToken: string | undefined): AuthorizationServerConfig {
  // The issuer is kept as written: discovery must name exactly it (RFC 8414 §3.3).
  return value === 'embedded' ? { kind: 'embedded' } : { kind: 'remote', issuer: value, initialAccessToken };
}

function parseAddress(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  return { host: address.slice(0, separator).replace(/^\[|\]$/g, ''), port: Number(address.slice(separator + 1)) };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Thrown when the environment breaks the configuration contract; the message names each variable. */
export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses a set of environment variables into the configuration, or throws an `EnvError` naming the bad variables. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "unset", as in most shells' `VAR= command`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = rawEnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return resolveEnv(result.data, readTrustDomains(cleaned, result.data.TRUST_DOMAINS_FILE));
}

let cached: Env | undefined;

/** The process configuration, read from `process.env` once and validated. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
