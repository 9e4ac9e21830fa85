import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { createJwksResolverFactory } from '@/lib/keys/create-jwks-resolver-factory';
import { registrationAuthMethods } from '@/lib/profile/registration-auth-methods';
import type { ValidationContext } from '@/lib/validation/get-validation-context';

// The sandbox's deployment: the embedded authorization server, client_secret_basic off for DCR.
const EMBEDDED_DEFAULTS = { authorizationServer: { kind: 'embedded' }, dcrAllowClientSecretBasic: false } as const;

/**
 * A validation context trusting a running sandbox directory, as `getValidationContext` builds one from
 * the environment: for tests that exercise the core over real HTTP against the real directory.
 */
export function createDirectoryValidationContext(directoryUrl: string, caCertificates: string[] = []): ValidationContext {
  const allowedHosts = [new URL(directoryUrl).host];
  return {
    now: () => new Date(),
    resolveSsaKey: createJwksResolverFactory({ allowedHosts })(`${directoryUrl}/keystore/openbanking.jwks`),
    resolverFor: createJwksResolverFactory({ allowedHosts }),
    fetchJwks: createJwksFetcher({ allowedHosts }),
    // Uncached, as REVOCATION_CACHE_MAX_AGE_SECONDS=0: a test that revokes keys sees it at once.
    fetchRevokedKeys: createJwksFetcher({ allowedHosts, cacheMaxAgeMs: 0 }),
    trust: { issuers: ['OpenBanking Ltd'], environments: ['sandbox'] },
    ssaPolicy: { clockToleranceSeconds: 30 },
    manualRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(EMBEDDED_DEFAULTS).manual },
    dynamicRegistrationPolicy: { tokenEndpointAuthMethods: registrationAuthMethods(EMBEDDED_DEFAULTS).dynamic },
    revokedSoftwareRegistrations: 'refuse',
    registrationRequestPolicy: { maxLifetimeSeconds: 3600 },
    audiences: ['0015800001TESTBANK', 'http://localhost:3999'],
    readCaCertificates: async () => caCertificates,
    requireTransportCertInSoftwareJwks: true,
    // The directory's CA names its own OCSP responder and CRL; uncached, so a test that revokes sees it at once.
    checkCertificateStatus: createCertificateStatusChecker({ allowedHosts, maxAgeMs: 0 }),
    certificateStatusSoftFail: [],
  };
}
