import 'server-only';
import type { JWK } from 'jose';
import { getEnv } from '@/lib/env';
import { loadSigningKeys, type PublishedSigningKey } from './load-signing-keys';
import { RETIRED_KEY_GRACE_SECONDS } from './token-policy';

/**
 * The public JWKs the bank publishes at `/jwks`: every non-retired key, and retired keys for
 * `ACCESS_TOKEN_TTL_SECONDS` + 60 s after retirement, so tokens they signed verify until they expire.
 * Creates the first key when there is none.
 */
export async function listPublishedKeys(now: Date = new Date()): Promise<JWK[]> {
  const { published } = await loadSigningKeys();
  return published.filter((key) => isPublished(key, now)).map((key) => ({ ...key.publicJwk }));
}

function isPublished(key: PublishedSigningKey, now: Date): boolean {
  if (key.retiredAt === null) return true;
  return now.getTime() < key.retiredAt.getTime() + (getEnv().accessTokenTtlSeconds + RETIRED_KEY_GRACE_SECONDS) * 1000;
}
