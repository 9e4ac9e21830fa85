import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import { createCertificateStatusChecker, type CertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { loadCaBundle } from '@/lib/certificates/load-ca-bundle';
import { getEnv } from '@/lib/env';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { createJwksResolverFactory } from '@/lib/keys/create-jwks-resolver-factory';
import { registrationAuthMethods } from '@/lib/profile/registration-auth-methods';
import type { JwksFetcher, JwksResolverFactory, KeyResolver } from '@/lib/keys/key-resolver';
import type { RevokedSoftwarePolicy } from '@/lib/registration/check-registration-revocations';
import type { RegistrationPolicy } from '@/lib/registration/validate-client-metadata';
import type { RegistrationRequestPolicy } from '@/lib/registration/validate-registration-request';
import type { SoftwareStatementPolicy, SoftwareStatementTrust } from '@/lib/software-statement/validate-software-statement';

/** Everything the validation core needs from the outside world, built once from the configuration. */
export type ValidationContext = {
  now: () => Date;
  /** Keys of the directory JWKS (`DIRECTORY_JWKS_URI`) that sign SSAs. */
  resolveSsaKey: KeyResolver;
  /** Key resolvers for TPP JWKS (software/org endpoints), only from `DIRECTORY_JWKS_HOSTS`. */
  resolverFor: JwksResolverFactory;
  fetchJwks: JwksFetcher;
  /** The directory's revoked-key lists (the same guard), cached only `REVOCATION_CACHE_MAX_AGE_SECONDS`. */
  fetchRevokedKeys: JwksFetcher;
  trust: SoftwareStatementTrust;
  ssaPolicy: SoftwareStatementPolicy;
  manualRegistrationPolicy: RegistrationPolicy;
  dynamicRegistrationPolicy: RegistrationPolicy;
  /** *policy*: registrations of software (or organisations) the bank revoked are refused or held for review. */
  revokedSoftwareRegistrations: RevokedSoftwarePolicy;
  /** *policy*: the registration JWT's lifetime cap. */
  registrationRequestPolicy: RegistrationRequestPolicy;
  /** Accepted `aud` values of a registration JWT: `ASPSP_ORG_ID` and `PORTAL_URL`. */
  audiences: string[];
  /** The CA certificates (PEM) of `DIRECTORY_CA_BUNDLE`. */
  readCaCertificates: () => Promise<string[]>;
  /** *policy*: the transport certificate must appear (`use: tls`, `x5c[0]`) in the software JWKS. */
  requireTransportCertInSoftwareJwks: boolean;
  /** OCSP, then CRL, only from `DIRECTORY_PKI_HOSTS`; answers cached up to `CERTIFICATE_STATUS_MAX_AGE_SECONDS`. */
  checkCertificateStatus: CertificateStatusChecker;
  /** *policy*: `CERTIFICATE_STATUS_SOFT_FAIL`, the environments where an undeterminable status is let through. */
  certificateStatusSoftFail: string[];
};

const CLOCK_TOLERANCE_SECONDS = 30;

/** The registration JWT lifetime cap without a policy row: `Policy.maxRegistrationJwtLifetimeSeconds`'s default (60 minutes). */
export const DEFAULT_REGISTRATION_JWT_MAX_LIFETIME_SECONDS = 3600;

const globalForValidation = globalThis as typeof globalThis & { onboardValidationContext?: ValidationContext };

/** The process's validation context; JWKS caches live as long as it does. */
export function getValidationContext(): ValidationContext {
  globalForValidation.onboardValidationContext ??= buildValidationContext();
  return globalForValidation.onboardValidationContext;
}

function buildValidationContext(): ValidationContext {
  const env = getEnv();
  const jwksOptions = { allowedHosts: env.directory.jwksHosts };
  const resolverFor = createJwksResolverFactory(jwksOptions);
  const caBundlePath = env.directory.caBundlePath;
  return {
    now: () => new Date(),
    resolveSsaKey: createJwksResolverFactory({ allowedHosts: [new URL(env.directory.jwksUri).host] })(env.directory.jwksUri),
    resolverFor,
    fetchJwks: createJwksFetcher(jwksOptions),
    fetchRevokedKeys: createJwksFetcher({ ...jwksOptions, cacheMaxAgeMs: env.revocationCacheMaxAgeSeconds * 1000 }),
    trust: { issuers: env.directory.ssaIssuers, environments: env.softwareEnvironments },
    // What the configuration allows; registrations narrow it with the bank's policy (lib/policy/get-registration-context.ts).
    ssaPolicy: { clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS },
    // OB-RULES token endpoint: client_secret_basic only for manually registered clients that chose it (and for DCR if
    // the bank enables it), and only with the embedded authorization server.
    manualRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(env).manual },
    dynamicRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(env).dynamic },
    // The policy's default; registrations read the bank's current choice (withRegistrationPolicy).
    revokedSoftwareRegistrations: 'refuse',
    // The schema's default for the policy, which registrations lay over it (with-registration-policy.ts).
    registrationRequestPolicy: { maxLifetimeSeconds: DEFAULT_REGISTRATION_JWT_MAX_LIFETIME_SECONDS },
    audiences: [env.aspspOrgId, env.portalUrl],
    readCaCertificates: createCaBundleReader(caBundlePath),
    requireTransportCertInSoftwareJwks: env.requireTransportCertInSoftwareJwks,
    checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: env.directory.pkiHosts, maxAgeMs: env.certificateStatus.maxAgeSeconds * 1000 }),
    certificateStatusSoftFail: env.certificateStatus.softFailEnvironments,
  };
}

// How long a registration trusts the last look at the CA bundle file before looking again.
const CA_BUNDLE_RECHECK_MS = 5_000;

// Parsed only when the file changes (a bank may rotate its bundle in place: registrations see it within
// CA_BUNDLE_RECHECK_MS), and looked at no more often than that rather than once per registration.
function createCaBundleReader(caBundlePath: string): () => Promise<string[]> {
  let cached: { modifiedAt: number; checkedAt: number; pems: string[] } | null = null;
  return async () => {
    const now = Date.now();
    if (cached !== null && Math.abs(now - cached.checkedAt) < CA_BUNDLE_RECHECK_MS) return cached.pems;
    const modifiedAt = (await stat(caBundlePath)).mtimeMs;
    const pems = cached?.modifiedAt === modifiedAt ? cached.pems : loadCaBundle(await readFile(caBundlePath, 'utf8'));
    cached = { modifiedAt, checkedAt: now, pems };
    return pems;
  };
}
