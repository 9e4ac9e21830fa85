import 'server-only';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });
const DISCOVERY_TIMEOUT_MS = 5_000;

// One per issuer and process: jose's remote set caches the keys and refetches on an unknown "kid" (key rotation).
const keySets = new Map<string, Promise<JWTVerifyGetKey>>();

/**
 * The directory's signing keys, from the `jwks_uri` its discovery document names (as next-auth finds them for ID
 * tokens); the discovery document must name the configured issuer. A failed discovery is not cached.
 */
export function getDirectoryKeySet(issuer: string): Promise<JWTVerifyGetKey> {
  let keySet = keySets.get(issuer);
  if (!keySet) {
    keySet = discoverKeySet(issuer);
    keySets.set(issuer, keySet);
    keySet.catch(() => keySets.delete(issuer));
  }
  return keySet;
}

async function discoverKeySet(issuer: string): Promise<JWTVerifyGetKey> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) throw new Error(`the directory's discovery document answered ${response.status}`);
  const discovery = discoverySchema.parse(await response.json());
  if (discovery.issuer !== issuer) throw new Error("the directory's discovery document names another issuer");
  return createRemoteJWKSet(new URL(discovery.jwks_uri));
}
