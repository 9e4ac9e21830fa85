import type { TrustDomainConfig } from '@/lib/trust-domains/trust-domains-file';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import type { ReadinessProbe } from './check-readiness';

/** The signing keys the embedded authorization server signs with: ready only with at least one. */
export function signingKeysProbe(signingKids: readonly string[]): ReadinessProbe {
  return {
    name: 'signing keys',
    isFatal: true,
    check: async () => {
      if (signingKids.length === 0) throw new Error('no signing key is loaded');
      return `${signingKids.length} loaded`;
    },
  };
}

/** The bank's own authorization server (`AUTHORIZATION_SERVER`): its discovery document answers. */
export function remoteAuthorizationServerProbe(issuer: string): ReadinessProbe {
  return {
    name: 'authorization server',
    isFatal: true,
    check: async () => {
      const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
      if (response === null || !response.ok) throw new Error(`its discovery document does not answer${response ? ` (HTTP ${response.status})` : ''}`);
      await response.body?.cancel();
      return 'discovery answers';
    },
  };
}

// Probes come every few seconds from every orchestrator node; the directory is asked at most this often.
const DIRECTORY_KEYS_CACHE_MS = 30_000;

/**
 * Each trust domain's directory keys (reported, never fatal: registrations say so themselves while the directory is
 * away, and tokens do not need it). Read through the JWKS guard and its cache, so probes do not load the directory.
 */
export function directoryKeysProbes(domains: readonly Pick<TrustDomainConfig, 'environment' | 'jwksUri'>[], cacheMaxAgeMs = DIRECTORY_KEYS_CACHE_MS): ReadinessProbe[] {
  return domains.map((domain) => {
    const fetchJwks = createJwksFetcher({ allowedHosts: [new URL(domain.jwksUri).host], cacheMaxAgeMs });
    return {
      name: `directory keys (${domain.environment})`,
      isFatal: false,
      check: async () => {
        const { keys } = await fetchJwks(domain.jwksUri).catch(() => {
          throw new Error('the directory JWKS cannot be read');
        });
        return `${keys.length} keys`;
      },
    };
  });
}
