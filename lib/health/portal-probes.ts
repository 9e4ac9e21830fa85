import type { ReadinessProbe } from './check-readiness';

/**
 * An OIDC issuer the portal signs people in through (the directory, the bank's workforce IdP): its discovery document
 * answers. Reported, never fatal: the portal's other pages serve while sign-in waits for it.
 */
export function issuerDiscoveryProbe(name: string, issuer: string): ReadinessProbe {
  return {
    name,
    isFatal: false,
    check: async () => {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
      if (response === null || !response.ok) throw new Error(`its discovery document does not answer${response ? ` (HTTP ${response.status})` : ''}`);
      await response.body?.cancel();
      return 'discovery answers';
    },
  };
}
