import { compactVerify, decodeJwt } from 'jose';
import { OB_SIGNING_ALGORITHMS } from '@/lib/profile/ob-profile';
import type { TrustDomain } from './create-trust-domains';

/**
 * The trust domain a software statement belongs to (OB-RULES *Trust over time*, environments): the domain whose
 * directory key verifies it, never the one it claims. When several domains' keys verify it (one directory serving
 * several environments), the one of the environment it names; when none does, the one it names (or the first), whose
 * checks then say why its signature is not trusted. The statement's own checks follow in that domain: its
 * `software_environment` must be the domain's, and its certificates must chain to the domain's CA.
 */
export async function selectTrustDomain(softwareStatement: unknown, domains: readonly TrustDomain[]): Promise<TrustDomain> {
  const [first] = domains;
  if (first === undefined) throw new Error('no trust domain is configured');
  if (domains.length === 1 || typeof softwareStatement !== 'string') return first;
  const claimed = claimedEnvironment(softwareStatement);
  const verifying: TrustDomain[] = [];
  for (const domain of domains) {
    try {
      await compactVerify(softwareStatement, domain.resolveSsaKey, { algorithms: [...OB_SIGNING_ALGORITHMS] });
      verifying.push(domain);
    } catch {
      // Not this domain's key (or not a JWS at all): the statement's own checks will say which.
    }
  }
  const byClaim = (candidates: readonly TrustDomain[]) => candidates.find((domain) => domain.environment === claimed);
  return byClaim(verifying) ?? verifying[0] ?? byClaim(domains) ?? first;
}

/** The software statement inside a registration JWT (DCR), unverified: only to choose the domain that verifies both. */
export function softwareStatementOf(registrationJwt: string): unknown {
  try {
    return decodeJwt(registrationJwt).software_statement;
  } catch {
    return undefined;
  }
}

/** The domain serving an environment, or null when the deployment no longer serves it. */
export function trustDomainOf(environment: string | null | undefined, domains: readonly TrustDomain[]): TrustDomain | null {
  return domains.find((domain) => domain.environment === environment) ?? null;
}

function claimedEnvironment(softwareStatement: string): unknown {
  try {
    return decodeJwt(softwareStatement).software_environment;
  } catch {
    return undefined;
  }
}
