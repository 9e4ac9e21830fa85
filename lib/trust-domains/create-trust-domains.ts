import { readFile, stat } from 'node:fs/promises';
import { createCertificateStatusChecker, type CertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { loadCaBundle } from '@/lib/certificates/load-ca-bundle';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { createJwksResolverFactory } from '@/lib/keys/create-jwks-resolver-factory';
import type { JwksFetcher, JwksResolverFactory, KeyResolver } from '@/lib/keys/key-resolver';
import type { TrustDomainConfig } from './trust-domains-file';

/**
 * One trust domain, as registrations, the token endpoint and the re-check use it (OB-RULES *Trust over time*,
 * environments): everything whose trust an environment's clients rest on, and nothing of another environment's.
 */
export type TrustDomain = {
  /** The environment whose clients this domain vouches for (`sandbox`, `production`). */
  environment: string;
  /** Accepted `iss` values of its SSAs. */
  ssaIssuers: string[];
  /** Keys of its directory JWKS, which sign its SSAs. */
  resolveSsaKey: KeyResolver;
  /** Key resolvers for TPP JWKS (software/org endpoints), only from the domain's JWKS hosts. */
  resolverFor: JwksResolverFactory;
  /** TPP JWKS (the same guard), cached. */
  fetchJwks: JwksFetcher;
  /** The directory's revoked-key lists (the same guard), cached only `REVOCATION_CACHE_MAX_AGE_SECONDS`. */
  fetchRevokedKeys: JwksFetcher;
  /** The CA certificates (PEM) that anchor its transport and signing certificates. */
  readCaCertificates: () => Promise<string[]>;
  /** OCSP, then CRL, only from the domain's PKI hosts; answers cached up to `CERTIFICATE_STATUS_MAX_AGE_SECONDS`. */
  checkCertificateStatus: CertificateStatusChecker;
  /** *policy*: `CERTIFICATE_STATUS_SOFT_FAIL` names this environment, so an undeterminable status is let through. */
  isStatusSoftFail: boolean;
};

/** How long answers are trusted, and where an undeterminable status is let through: the same for every domain. */
export type TrustDomainSettings = { revocationCacheMaxAgeSeconds: number; certificateStatusMaxAgeSeconds: number; statusSoftFailEnvironments: string[] };

/**
 * Builds the trust domains of the configuration. Domains that name the same sources (the single-domain shorthand
 * with several `SOFTWARE_ENVIRONMENT`s) share one set of fetchers, so one cache serves them all.
 */
export function createTrustDomains(configs: readonly TrustDomainConfig[], settings: TrustDomainSettings): TrustDomain[] {
  const shared = new Map<string, Omit<TrustDomain, 'environment' | 'ssaIssuers' | 'isStatusSoftFail'>>();
  return configs.map((config) => {
    const key = JSON.stringify([config.jwksUri, config.caBundlePath, config.jwksHosts, config.pkiHosts]);
    let sources = shared.get(key);
    if (sources === undefined) {
      const jwksOptions = { allowedHosts: config.jwksHosts };
      sources = {
        resolveSsaKey: createJwksResolverFactory({ allowedHosts: [new URL(config.jwksUri).host] })(config.jwksUri),
        resolverFor: createJwksResolverFactory(jwksOptions),
        fetchJwks: createJwksFetcher(jwksOptions),
        fetchRevokedKeys: createJwksFetcher({ ...jwksOptions, cacheMaxAgeMs: settings.revocationCacheMaxAgeSeconds * 1000 }),
        readCaCertificates: createCaBundleReader(config.caBundlePath),
        checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: config.pkiHosts, maxAgeMs: settings.certificateStatusMaxAgeSeconds * 1000 }),
      };
      shared.set(key, sources);
    }
    return {
      environment: config.environment,
      ssaIssuers: config.ssaIssuers,
      ...sources,
      isStatusSoftFail: settings.statusSoftFailEnvironments.includes(config.environment),
    };
  });
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
