import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { createJwksResolverFactory } from '@/lib/keys/create-jwks-resolver-factory';
import { registrationAuthMethods } from '@/lib/profile/registration-auth-methods';
import type { TrustDomain } from '@/lib/trust-domains/create-trust-domains';
import type { ValidationContext } from '@/lib/validation/get-validation-context';

// The sandbox's deployment: the embedded authorization server, client_secret_basic off for DCR.
const EMBEDDED_DEFAULTS = { authorizationServer: { kind: 'embedded' }, dcrAllowClientSecretBasic: false } as const;

/**
 * A trust domain of a running sandbox directory for `environment`, as `createTrustDomains` builds one from the
 * configuration, uncached (as `REVOCATION_CACHE_MAX_AGE_SECONDS=0` and `CERTIFICATE_STATUS_MAX_AGE_SECONDS=0`): a
 * test that revokes sees it at once.
 */
export function createDirectoryTrustDomain(directoryUrl: string, caCertificates: string[] = [], environment = 'sandbox'): TrustDomain {
  const allowedHosts = [new URL(directoryUrl).host];
  return {
    environment,
    ssaIssuers: ['OpenBanking Ltd'],
    resolveSsaKey: createJwksResolverFactory({ allowedHosts })(`${directoryUrl}/keystore/openbanking.jwks`),
    resolverFor: createJwksResolverFactory({ allowedHosts }),
    fetchJwks: createJwksFetcher({ allowedHosts }),
    fetchRevokedKeys: createJwksFetcher({ allowedHosts, cacheMaxAgeMs: 0 }),
    readCaCertificates: async () => caCertificates,
    // The directory's CA names its own OCSP responder and CRL.
    checkCertificateStatus: createCertificateStatusChecker({ allowedHosts, maxAgeMs: 0 }),
    isStatusSoftFail: false,
  };
}

/**
 * A validation context trusting a running sandbox directory for each of `environments`, as `getValidationContext`
 * builds one from the environment: for tests that exercise the core over real HTTP against the real directory.
 */
export function createDirectoryValidationContext(directoryUrl: string, caCertificates: string[] = [], environments = ['sandbox']): ValidationContext {
  return {
    now: () => new Date(),
    domains: environments.map((environment) => createDirectoryTrustDomain(directoryUrl, caCertificates, environment)),
    ssaPolicy: { clockToleranceSeconds: 30 },
    manualRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(EMBEDDED_DEFAULTS).manual },
    dynamicRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(EMBEDDED_DEFAULTS).dynamic },
    revokedSoftwareRegistrations: 'refuse',
    registrationRequestPolicy: { maxLifetimeSeconds: 3600 },
    audiences: ['0015800001TESTBANK', 'http://localhost:3999'],
    requireTransportCertInSoftwareJwks: true,
  };
}
